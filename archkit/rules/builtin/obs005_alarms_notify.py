from ..base import Rule


class AlarmsReachSomeone(Rule):
    id = "OBS005"
    lens = "ops_ops_q1_a1"
    severity = "error"
    title = "Every alarm notifies an SNS topic that has a subscriber"
    rationale = "An alarm that tells nobody, or tells a topic nobody reads, changes nothing."
    link = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html"
    fix = "Set `notify: [<sns-topic>]` on the alarm and give the topic a subscription."

    def check(self, model):
        for alarm in model.by_type("alarm"):
            topics = [model.components[t] for t in alarm.props().get("notify", []) if t in model.components]
            if not topics:
                yield self.finding(alarm, "notifies no SNS topic")
            for topic in topics:
                if not topic.props().get("subscriptions"):
                    yield self.finding(alarm, f"notifies '{topic.id}', which has no subscriber")
