from ..base import Rule
from ..query import inbound, outbound

FACTOR = 6


def consumers(model, queue):
    """Functions that receive from the queue: an event source mapping (queue -> function) or an SDK poll."""
    found = {c.target for c in outbound(model, queue.id)}
    found |= {c.source for c in inbound(model, queue.id) if any(a in ("sqs:ReceiveMessage", "sqs:*")
                                                               for a in c.permissions)}
    return [model.components[f] for f in sorted(found)
            if f in model.components and model.components[f].type.name == "lambda"]


class QueueOutlastsConsumer(Rule):
    id = "REL005"
    severity = "error"
    title = "A queue's visibility timeout is at least six times its consuming function's timeout"
    rationale = ("A message becomes visible again when the visibility timeout ends; shorter than the function's "
                 "run (with Lambda's retries of a throttled batch) and a second consumer processes it twice.")
    link = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"
    fix = "Raise the queue's `visibility_timeout` to at least six times the function's `timeout`, or lower that."

    def check(self, model):
        for queue in model.by_type("sqs-queue"):
            visibility = queue.props().get("visibility_timeout", 30)
            for function in consumers(model, queue):
                timeout = function.props().get("timeout", 3)
                if visibility < FACTOR * timeout:
                    yield self.finding(queue, f"visibility timeout {visibility} s is under six times the timeout of "
                                              f"its consumer '{function.id}' ({timeout} s): at least "
                                              f"{FACTOR * timeout} s")
