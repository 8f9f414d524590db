from ..base import Rule
from ..query import production_environments


class MfaInProduction(Rule):
    id = "AUTH003"
    lens = "sec_sec_q1_a1"
    severity = "warning"
    title = "User pools offer MFA (OPTIONAL or ON) in production"
    rationale = "A second factor stops most account takeovers by stolen or reused passwords."
    link = "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html"
    fix = "Set `mfa: OPTIONAL` or `ON` (override only non-production environments)."

    def check(self, model):
        for pool in model.by_type("cognito-user-pool"):
            envs = [e for e in production_environments(model) if pool.props(e).get("mfa", "OPTIONAL") == "OFF"]
            if envs:
                yield self.finding(pool, "MFA is OFF in " + ", ".join(envs))
