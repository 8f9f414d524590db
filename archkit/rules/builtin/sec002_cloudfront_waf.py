from ..base import Rule


class CloudFrontHasWebAcl(Rule):
    id = "SEC002"
    lens = "sec_sec_q2_a2"
    severity = "error"
    title = "Every CloudFront distribution has an AWS WAF web ACL"
    rationale = "WAF filters common exploits and floods at the edge before they cost the origin anything."
    link = "https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html"
    fix = "Set `web_acl:` on the distribution to a waf-web-acl component."

    def check(self, model):
        for distribution in model.by_type("cloudfront"):
            if not distribution.props().get("web_acl"):
                yield self.finding(distribution, "the distribution has no web_acl")
