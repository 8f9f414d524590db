from collections import defaultdict

from ..base import Rule
from ..limits import limit


class StagesFitAccountThrottle(Rule):
    id = "THR002"
    lens = "rel_rel_q1_a1"
    severity = "warning"
    title = "Stage throttling rates in one account and region add up to at most the account limit (10,000 requests/s)"
    rationale = "All APIs of an account and region share one throttle bucket; stage limits above it promise capacity that is not there."
    link = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"
    fix = "Lower the stages' `throttling_rate`, or request a quota increase and record it in the model."

    def check(self, model):
        cap = limit("api_gateway_account_rate")
        totals: dict = defaultdict(float)
        where: dict = {}
        for api in model.by_type("api-gateway-rest"):
            for stage in api.props().get("stages", {}).values():
                env = model.environments.get(stage.get("environment"))
                if env is None or stage.get("throttling_rate") is None:
                    continue
                key = (env.account, env.region)
                totals[key] += stage["throttling_rate"]
                where.setdefault(key, (env, api))
        for key, total in sorted(totals.items()):
            if total > cap:
                env, api = where[key]
                yield self.finding(api, f"stages in account {key[0]} {key[1]} allow {total:g} requests/s in total, "
                                        f"above {cap}")
