from ..base import Rule
from .rel003_dead_letter_alarm import dead_letter_targets


class QueuesHaveDeadLetter(Rule):
    id = "REL004"
    lens = "rel_rel_q2_a1"
    severity = "warning"
    title = "Every SQS queue that is not itself a dead-letter queue has one"
    rationale = "A message that always fails blocks or loops forever; a redrive policy moves it aside after a few receives."
    link = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"
    fix = "Set `dead_letter:` (and `max_receive_count`) on the queue."

    def check(self, model):
        dead_letters = dead_letter_targets(model)
        for queue in model.by_type("sqs-queue"):
            if queue.id not in dead_letters and not queue.props().get("dead_letter"):
                yield self.finding(queue, "no dead-letter queue")
