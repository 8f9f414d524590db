from ..base import Rule
from ..query import failing_environments, in_envs


class S3BlocksPublicAccess(Rule):
    id = "SEC009"
    lens = "sec_sec_q2_a1"
    severity = "error"
    title = "Every S3 bucket blocks public access"
    rationale = "Buckets are read through CloudFront or IAM; public access is the most common cause of data leaks."
    link = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"
    fix = "Set `block_public_access: true` and serve a site through CloudFront with origin access control."

    def check(self, model):
        for bucket in model.by_type("s3-bucket"):
            envs = failing_environments(model, bucket, lambda p: not p.get("block_public_access", True))
            if envs:
                yield self.finding(bucket, f"public access is not blocked{in_envs(model, envs)}")
