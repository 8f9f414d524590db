from ..base import Rule
from ..query import failing_environments, in_envs


class TracingActive(Rule):
    id = "OBS001"
    lens = "ops_ops_q1_a3"
    severity = "warning"
    title = "Functions, state machines and API stages have X-Ray tracing on"
    rationale = "Traces show where a request spends its time and where it fails, across services."
    link = "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html"
    fix = "Set `tracing: Active` on functions and `tracing: true` on state machines and API stages."

    def check(self, model):
        for function in model.by_type("lambda"):
            envs = failing_environments(model, function, lambda p: p.get("tracing", "Active") != "Active")
            if envs:
                yield self.finding(function, f"tracing is not Active{in_envs(model, envs)}")
        for machine in model.by_type("step-functions"):
            if not machine.props().get("tracing", True):
                yield self.finding(machine, "tracing is off")
        for api in model.by_type("api-gateway-rest"):
            for name, stage in api.props().get("stages", {}).items():
                if not stage.get("tracing", True):
                    yield self.finding(api, f"stage '{name}' has tracing off")
