from ..base import Rule
from ..limits import limit
from ..query import failing_environments, in_envs

ALLOWED = ("redirect-to-https", "https-only")


class CloudFrontHttpsAndTls(Rule):
    id = "SEC006"
    lens = "sec_sec_q1_a3"
    severity = "error"
    title = "CloudFront redirects HTTP to HTTPS with a minimum protocol of TLSv1.2_2021"
    rationale = "Viewers must never talk plain HTTP, and older TLS versions and ciphers are weak."
    link = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html"
    fix = "Set `viewer_protocol_policy: redirect-to-https` and `minimum_protocol_version: TLSv1.2_2021`."

    def check(self, model):
        minimum = limit("cloudfront_minimum_protocol")
        for distribution in model.by_type("cloudfront"):
            envs = failing_environments(model, distribution, lambda p: p.get("viewer_protocol_policy") not in ALLOWED)
            if envs:
                yield self.finding(distribution, f"viewers may use plain HTTP{in_envs(model, envs)}")
            envs = failing_environments(model, distribution, lambda p: p.get("minimum_protocol_version") != minimum)
            if envs:
                yield self.finding(distribution, f"minimum protocol is not {minimum}{in_envs(model, envs)}")
