from ..base import Rule
from ..query import failing_environments, in_envs, invoked_asynchronously


class AsyncHasFailureDestination(Rule):
    id = "REL001"
    lens = "rel_rel_q2_a1"
    severity = "error"
    title = "A function invoked asynchronously has a dead-letter queue or an on-failure destination"
    rationale = "After Lambda's retries an asynchronous event is dropped unless it goes somewhere; losing it silently loses work."
    link = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"
    fix = "Set `async: {on_failure: <queue or topic>}` or `dead_letter:` on the function."

    def check(self, model):
        for function in model.by_type("lambda"):
            if not invoked_asynchronously(model, function.id):
                continue
            envs = failing_environments(model, function, lambda p: not p.get("dead_letter") and
                                        not (p.get("async") or {}).get("on_failure"))
            if envs:
                yield self.finding(function, f"invoked asynchronously without a failure destination{in_envs(model, envs)}")
