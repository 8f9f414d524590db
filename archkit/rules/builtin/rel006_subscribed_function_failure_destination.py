from ..base import Rule


class SubscribedFunctionHasFailureDestination(Rule):
    id = "REL006"
    severity = "error"
    title = "A function subscribed to an SNS topic has a dead-letter queue or an on-failure destination"
    rationale = ("SNS invokes a subscribed function asynchronously: after Lambda's retries the message is dropped "
                 "unless it goes somewhere (REL001 covers functions invoked through connections and rules).")
    link = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"
    fix = "Set `async: {on_failure: <queue or topic>}` or `dead_letter:` on the function."

    def check(self, model):
        subscribed = {}
        for topic in model.by_type("sns-topic"):
            for subscription in topic.props().get("subscriptions", []):
                if subscription.get("protocol") == "lambda":
                    subscribed.setdefault(subscription.get("endpoint"), topic.id)
        for function in model.by_type("lambda"):
            props = function.props()
            if function.id in subscribed and not props.get("dead_letter") and not (props.get("async") or {}).get(
                    "on_failure"):
                yield self.finding(function, f"subscribed to '{subscribed[function.id]}' without a failure "
                                             "destination")
