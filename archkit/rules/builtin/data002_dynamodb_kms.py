from ..base import Rule


class DynamoDbKmsEncryption(Rule):
    id = "DATA002"
    lens = "none: encryption at rest is a practice of the Framework's security pillar (SEC 8), not of the Serverless Lens"
    severity = "warning"
    title = "Every DynamoDB table is encrypted with a KMS key you can audit (AWS managed or customer managed)"
    rationale = "With a KMS key, every use of the key is logged in CloudTrail and access to it can be revoked."
    link = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html"
    fix = "Set `encryption: AWS_MANAGED` or `CUSTOMER_MANAGED`."

    def check(self, model):
        for table in model.by_type("dynamodb-table"):
            if table.props().get("encryption", "AWS_MANAGED") == "AWS_OWNED":
                yield self.finding(table, "encrypted with an AWS owned key, invisible in CloudTrail")
