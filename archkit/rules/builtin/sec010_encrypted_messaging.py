from ..base import Rule


class MessagingEncrypted(Rule):
    id = "SEC010"
    lens = "none: encryption at rest is a practice of the Framework's security pillar (SEC 8), not of the Serverless Lens"
    severity = "warning"
    title = "SQS queues and SNS topics are encrypted at rest"
    rationale = "Messages often carry personal data; server-side encryption costs nothing to turn on."
    link = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html"
    fix = "Set `encrypted: true` on the queue or topic."

    def check(self, model):
        for component in model.by_type("sqs-queue") + model.by_type("sns-topic"):
            if not component.props().get("encrypted", True):
                yield self.finding(component, f"{component.type.label} is not encrypted")
