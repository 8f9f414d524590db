from ..base import Rule
from ..query import alarms_on, metrics_of


def dead_letter_targets(model) -> set[str]:
    found = set()
    for c in model.components.values():
        props = c.props()
        found.add(props.get("dead_letter"))
        found.add((props.get("async") or {}).get("on_failure"))
    return {t for t in found if t in model.components}


class DeadLettersAlarmed(Rule):
    id = "REL003"
    lens = "ops_ops_q1_a1"
    severity = "warning"
    title = "Every dead-letter queue or failure destination has an alarm"
    rationale = "A dead-letter queue nobody watches only delays the loss of the events it holds."
    link = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"
    fix = "Add a metric on the queue (e.g. AWS/SQS ApproximateNumberOfMessagesVisible) and an alarm on it."

    def check(self, model):
        for target_id in sorted(dead_letter_targets(model)):
            target = model.components[target_id]
            if target.type.name != "sqs-queue":
                continue
            if not alarms_on(model, [m.id for m in metrics_of(model, target_id)]):
                yield self.finding(target, "dead-letter queue without an alarm")
