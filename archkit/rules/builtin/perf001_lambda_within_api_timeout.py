from ..base import Rule
from ..query import apis_in_front_of, failing_environments, in_envs


class LambdaTimeoutBelowApi(Rule):
    id = "PERF001"
    lens = "rel_rel_q2_a1"
    severity = "error"
    title = "A function behind an API times out before the API's integration timeout (29 s)"
    rationale = ("API Gateway gives up after its integration timeout (29 s at most) and answers 504 while the "
                 "function keeps running and billing; the function must finish or fail first.")
    link = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"
    fix = "Lower the function's `timeout` below the API's `integration_timeout`, or make the work asynchronous."

    def check(self, model):
        for function in model.by_type("lambda"):
            for api in apis_in_front_of(model, function.id):
                budget = api.properties.get("integration_timeout", 29000)  # base value: props() would copy every route
                envs = failing_environments(model, function, lambda p: p.get("timeout", 3) * 1000 >= budget)
                if envs:
                    yield self.finding(function, f"timeout {function.props(envs[0]).get('timeout', 3)} s is not below "
                                                 f"API '{api.id}' integration timeout {budget / 1000:g} s{in_envs(model, envs)}")
