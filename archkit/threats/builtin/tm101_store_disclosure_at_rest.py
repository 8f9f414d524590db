import json

from ..base import Mitigated, Open, ThreatRule
from ..facts import facts


class StoreDisclosureAtRest(ThreatRule):
    id = "TM101"
    stride = "I"
    subject = "store"
    severity = "error"
    title = "Stored data is read from the disks or backups"
    description = "Data kept without encryption at rest is exposed to anyone who gets at the storage or its copies."
    fix = "turn on encryption at rest for the store (e.g. `encryption: SSE-KMS`, `encrypted: true`)"

    def assess(self, model, store):
        known = facts()["at_rest"].get(store.type.name)
        if known is None:
            return Open(f"the model does not say how a {store.type.label} is encrypted at rest")
        if "always" in known:
            return Mitigated(store.id, known["always"])
        value = store.props().get(known["property"])
        if value in known["encrypted"]:
            return Mitigated(store.id, f"{known['property']}: {value}")
        return Open(f"{known['property']}: {json.dumps(value)}")
