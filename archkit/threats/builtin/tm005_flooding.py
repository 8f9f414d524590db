from ..base import Mitigated, Open, ThreatRule
from ..facts import throttled_stages, web_acl_of


class Flooding(ThreatRule):
    id = "TM005"
    stride = "D"
    severity = "warning"
    title = "Requests from outside flood the entry point"
    description = "A public entry without a firewall rate rule or throttling lets one client use up capacity or budget."
    fix = "put the entry behind a WAF web ACL with a rate-based rule, or set `throttling_rate` on its API stages"

    def assess(self, model, crossing):
        connection = crossing.connection
        if crossing.source_zone not in ("internet", "global") or crossing.target_zone not in ("global", "region"):
            return None  # only entries into AWS: the model holds no facts about systems outside it
        target = model.components[connection.target]
        waf = web_acl_of(model, target.id) or web_acl_of(model, connection.source)
        if waf:
            return Mitigated(waf, "requests pass the WAF web ACL first")
        stages = throttled_stages(target)
        if stages:
            return Mitigated(target.id, "stage throttling: " + ", ".join(stages))
        return Open(f"no WAF web ACL and no throttling in front of {target.id}")
