from ..base import Rule


class WafHasRateRule(Rule):
    id = "SEC004"
    lens = "rel_rel_q1_a1"
    severity = "warning"
    title = "Every web ACL has a blocking rate-based rule"
    rationale = "A rate-based rule caps requests per client IP, blunting floods and credential stuffing."
    link = "https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html"
    fix = "Add a rule with `kind: rate-based`, a `limit` and `action: block`."

    def check(self, model):
        for acl in model.by_type("waf-web-acl"):
            rules = acl.props().get("rules", [])
            if not any(r.get("kind") == "rate-based" and r.get("action", "block") == "block" for r in rules):
                yield self.finding(acl, "no rate-based rule that blocks")
            for r in rules:
                if r.get("kind") == "rate-based" and not r.get("limit"):
                    yield self.finding(acl, f"rate-based rule '{r['name']}' has no limit")
