from ..base import Rule
from ..limits import limit


class EdgeResourcesInUsEast1(Rule):
    id = "SEC007"
    lens = "sec_sec_q2_a2"
    severity = "error"
    title = "The CloudFront web ACL (scope CLOUDFRONT) and certificate live in us-east-1"
    rationale = ("CloudFront only accepts ACM certificates from us-east-1 and web ACLs of scope CLOUDFRONT, which "
                 "exist only in us-east-1.")
    link = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html"
    fix = "Set the certificate's `region` to us-east-1 and the web ACL's `scope` to CLOUDFRONT (such an ACL is always in us-east-1: leave out its `region`)."

    def check(self, model):
        region = limit("cloudfront_global_region")
        for distribution in model.by_type("cloudfront"):
            props = distribution.props()
            cert = model.components.get(props.get("certificate") or "")
            if cert and cert.region != region:
                yield self.finding(cert, f"certificate used by CloudFront is in {cert.region}, not {region}")
            acl = model.components.get(props.get("web_acl") or "")
            if acl and (acl.props().get("scope") != "CLOUDFRONT" or acl.region not in ("", region)):
                yield self.finding(acl, f"web ACL used by CloudFront must have scope CLOUDFRONT in {region}")
