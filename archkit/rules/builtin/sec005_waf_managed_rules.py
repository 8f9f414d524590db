from ..base import Rule

MANAGED_PREFIX = "AWSManagedRules"


class WafHasManagedRules(Rule):
    id = "SEC005"
    lens = "sec_sec_q2_a2"
    severity = "warning"
    title = "Every web ACL uses AWS managed rule groups"
    rationale = "AWS managed rule groups (common rule set, known bad inputs, IP reputation) cover the OWASP basics."
    link = "https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html"
    fix = "Add rules with `kind: managed` and `managed_group: AWSManagedRulesCommonRuleSet` (and others)."

    def check(self, model):
        for acl in model.by_type("waf-web-acl"):
            groups = [r.get("managed_group", "") for r in acl.props().get("rules", []) if r.get("kind") == "managed"]
            if not any(g.startswith(MANAGED_PREFIX) for g in groups):
                yield self.finding(acl, "no AWS managed rule group")
