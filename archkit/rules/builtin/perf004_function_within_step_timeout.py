from ..base import Rule


class FunctionWithinCallerTimeout(Rule):
    id = "PERF004"
    lens = "rel_rel_q2_a1"
    severity = "warning"
    title = "A function's timeout fits within the timeout of each flow step that calls it"
    rationale = "If the caller waits less than the function may run, the caller sees a timeout for work that may still succeed."
    link = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"
    fix = "Lower the function's `timeout` or raise the step's `timeout`."

    def check(self, model):
        for flow in model.flows.values():
            for step in flow.steps:
                function = model.components.get(step.target)
                if step.timeout_ms is None or function is None or function.type.name != "lambda":
                    continue
                worst = max(function.props(env).get("timeout", 3) for env in list(model.environments) or [None])
                if worst * 1000 > step.timeout_ms:
                    yield self.finding(flow, f"step {step.number} waits {step.timeout_ms} ms for '{function.id}', "
                                             f"whose timeout is {worst} s")
