from ..base import Rule


class FlowTimeoutsNest(Rule):
    id = "PERF003"
    lens = "rel_rel_q2_a1"
    severity = "warning"
    title = "In a flow, each call's timeout fits within the timeout of the call that made it"
    rationale = ("A caller that gives up before its callee wastes the callee's work and hides the real error; "
                 "timeouts must shrink along the call chain.")
    link = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_mitigate_interaction_failure_limit_retries.html"
    fix = "Lower the inner step's `timeout` (or raise the outer one) so inner <= outer."

    def check(self, model):
        for flow in model.flows.values():
            open_calls: dict[str, int] = {}  # element -> timeout of the latest timed call into it
            for step in flow.steps:
                outer = open_calls.get(step.source)
                if step.timeout_ms is not None:
                    if outer is not None and step.timeout_ms > outer:
                        yield self.finding(flow, f"step {step.number} ({step.source} -> {step.target}) waits "
                                                 f"{step.timeout_ms} ms, longer than its caller's {outer} ms")
                    open_calls[step.target] = step.timeout_ms
                elif outer is not None:
                    open_calls[step.target] = outer
