from ..base import Rule
from ..query import failing_environments, in_envs


class DynamoDbPointInTimeRecovery(Rule):
    id = "DATA001"
    lens = "none: backups are a practice of the Framework's reliability pillar (REL 9), not of the Serverless Lens"
    severity = "error"
    title = "Every DynamoDB table has point-in-time recovery"
    rationale = "Point-in-time recovery restores a table to any second of the last 35 days after a bad write or delete."
    link = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"
    fix = "Set `point_in_time_recovery: true`."

    def check(self, model):
        for table in model.by_type("dynamodb-table"):
            envs = failing_environments(model, table, lambda p: not p.get("point_in_time_recovery", True))
            if envs:
                yield self.finding(table, f"point-in-time recovery is off{in_envs(model, envs)}")
