from ..base import Rule
from ..limits import limit
from ..query import production_environments

LOGGED_TYPES = ("lambda", "step-functions")


class LogGroupsWithRetention(Rule):
    id = "OBS002"
    lens = "ops_ops_q1_a4"
    severity = "warning"
    title = "Every function and state machine writes to a modelled log group, kept at least 30 days in production"
    rationale = ("A log group created implicitly keeps logs forever at growing cost; a modelled one has a "
                 "retention long enough to investigate incidents.")
    link = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention"
    fix = "Add a log-group component with `retention_days` and set `log_group:` on the function."

    def check(self, model):
        for component in (c for t in LOGGED_TYPES for c in model.by_type(t)):
            if not component.props().get("log_group"):
                yield self.finding(component, "no log_group")
        minimum = limit("log_retention_production_min_days")
        for group in model.by_type("log-group"):
            short = [e for e in production_environments(model) if group.props(e).get("retention_days", 0) < minimum]
            if short:
                yield self.finding(group, f"retention below {minimum} days in " + ", ".join(short))
