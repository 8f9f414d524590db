from ..base import Mitigated, Open, ThreatRule
from ..facts import facts


class StorePublicRead(ThreatRule):
    id = "TM102"
    stride = "I"
    subject = "store"
    severity = "error"
    title = "Anyone on the internet reads the store"
    description = "A bucket that allows public access can be opened by a policy or ACL mistake."
    fix = "set `block_public_access: true` and serve public content through CloudFront with origin access control"

    def assess(self, model, store):
        prop = facts()["private"].get(store.type.name)
        if prop is None:
            return None
        if store.props().get(prop):
            return Mitigated(store.id, f"{prop}: true")
        return Open(f"{prop}: false")
