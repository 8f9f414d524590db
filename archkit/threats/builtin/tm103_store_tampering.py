from ..base import Mitigated, Open, ThreatRule
from ..facts import facts


class StoreTampering(ThreatRule):
    id = "TM103"
    stride = "T"
    subject = "store"
    severity = "warning"
    title = "Stored data is changed or deleted and cannot be restored"
    description = "A writer with a bug or stolen credentials overwrites or deletes data; without versions or " \
                  "point-in-time recovery the earlier state is gone."
    fix = "turn on the store's recovery (`versioning: true`, `point_in_time_recovery: true`)"

    def assess(self, model, store):
        prop = facts()["recovery"].get(store.type.name)
        if prop is None:
            return None
        if store.props().get(prop):
            return Mitigated(store.id, f"{prop}: true")
        return Open(f"{prop}: false")
