from ..base import Rule
from ..query import cloudfront_origins_to, inbound


class ApiOnlyThroughCloudFront(Rule):
    id = "SEC001"
    lens = "sec_sec_q1_a3"
    severity = "error"
    title = "Every REST API is reached only through CloudFront"
    rationale = ("A single edge entry point puts WAF, TLS policy and caching in front of the API; a caller that "
                 "reaches the API directly bypasses them.")
    link = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-awswaf.html"
    fix = ("Add the API as an origin of a CloudFront distribution and route callers through the distribution, "
           "not to the API.")

    def check(self, model):
        for api in model.by_type("api-gateway-rest"):
            if not cloudfront_origins_to(model, api.id):
                yield self.finding(api, "no CloudFront distribution has this API as an origin")
            for conn in inbound(model, api.id):
                if conn.source in model.actors:
                    yield self.finding(conn, f"'{conn.source}' calls the API directly, not through CloudFront")
