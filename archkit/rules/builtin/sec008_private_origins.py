from ..base import Rule


class OriginsNotPublic(Rule):
    id = "SEC008"
    lens = "sec_sec_q2_a1"
    severity = "error"
    title = "CloudFront reaches S3 through origin access control and the API with a secret header"
    rationale = ("An origin CloudFront reaches publicly is also reachable around CloudFront, without WAF; origin "
                 "access control (S3) or a secret origin header (API) closes that path.")
    link = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html"
    fix = "Set the origin's `access:` to origin-access-control (S3) or custom-header (API)."

    def check(self, model):
        for distribution in model.by_type("cloudfront"):
            for origin in distribution.props().get("origins", []):
                target = model.components.get(origin["target"])
                access = origin.get("access", "origin-access-control")
                if access == "public":
                    yield self.finding(distribution, f"origin '{origin['name']}' is reached publicly")
                elif target is not None and target.type.name == "s3-bucket" and access != "origin-access-control":
                    yield self.finding(distribution, f"S3 origin '{origin['name']}' does not use origin access control")
