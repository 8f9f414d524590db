from ..base import Rule


class StageAccessLogs(Rule):
    id = "OBS003"
    lens = "ops_ops_q1_a4"
    severity = "warning"
    title = "Every API stage writes access logs to a log group"
    rationale = "Access logs record who called what, with status and latency, for every request, including rejected ones."
    link = "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html"
    fix = "Set `access_log:` on the stage to a log-group component."

    def check(self, model):
        for api in model.by_type("api-gateway-rest"):
            for name, stage in api.props().get("stages", {}).items():
                if not stage.get("access_log"):
                    yield self.finding(api, f"stage '{name}' has no access_log")
