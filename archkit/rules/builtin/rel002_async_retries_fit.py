from ..base import Rule
from ..query import invoked_asynchronously


class AsyncRetriesFitEventAge(Rule):
    id = "REL002"
    lens = "rel_rel_q2_a1"
    severity = "warning"
    title = "An asynchronous function's attempts (retries + 1) x timeout fit within its maximum event age"
    rationale = ("Lambda drops an event older than the maximum event age even if retries remain, so retries "
                 "that cannot fit are promised but never made.")
    link = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html"
    fix = "Lower `timeout` or `async.max_retries`, or raise `async.max_event_age`."

    def check(self, model):
        for function in model.by_type("lambda"):
            if not invoked_asynchronously(model, function.id):
                continue
            props = function.props()
            settings = props.get("async") or {}
            attempts = settings.get("max_retries", 2) + 1
            age = settings.get("max_event_age", 21600)
            if attempts * props.get("timeout", 3) > age:
                yield self.finding(function, f"{attempts} attempts x {props.get('timeout', 3)} s exceed the "
                                             f"maximum event age {age} s")
