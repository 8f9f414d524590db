from ..base import Rule

ENDPOINT_TYPES = {"sqs": "sqs-queue", "lambda": "lambda"}


class SubscriptionAllowedByPolicy(Rule):
    id = "SEC011"
    severity = "error"
    title = "An SNS subscription to a queue or function names a component of the model, whose policy lets the topic deliver"
    rationale = ("SNS delivers to a queue only if the queue policy allows sns.amazonaws.com for the topic, and "
                 "to a function only with a Lambda permission for it. The templates write that policy for an "
                 "endpoint of the model; for any other endpoint nothing does, and messages are silently lost.")
    link = "https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html"
    fix = ("Set the subscription's `endpoint` to the id of a queue (protocol sqs) or function (protocol lambda) "
           "of the model, or model that endpoint as a component.")

    def check(self, model):
        for topic in model.by_type("sns-topic"):
            for subscription in topic.props().get("subscriptions", []):
                wanted = ENDPOINT_TYPES.get(subscription.get("protocol"))
                endpoint = subscription.get("endpoint", "")
                if not wanted:
                    continue
                target = model.components.get(endpoint)
                if target is None or target.type.name != wanted:
                    kind = "no component of the model" if target is None else f"a {target.type.name}"
                    yield self.finding(topic, f"subscription {subscription.get('protocol')}:{endpoint} is {kind}, "
                                              f"not a {wanted}: no policy in the templates lets the topic deliver")
