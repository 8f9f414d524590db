from ..base import Mitigated, Open, ThreatRule
from ..facts import wildcards, writes


class StoreBroadWriters(ThreatRule):
    id = "TM104"
    stride = "E"
    subject = "store"
    severity = "error"
    title = "A caller gains rights on the store beyond its purpose"
    description = "Wildcard actions on a store let any compromised caller read, rewrite or drop it."
    fix = "list the exact actions each caller needs on the store (`permissions:` on its connections)"

    def assess(self, model, store):
        incoming = [c for c in model.connections_of(store.id) if c.target == store.id and c.permissions]
        if not incoming:
            return None
        broad = [f"{c.source}: {p}" for c in incoming for p in wildcards(c)]
        if broad:
            return Open("wildcard actions: " + ", ".join(broad))
        writers = sorted({c.source for c in incoming if writes(c)})
        return Mitigated(store.id, "only listed actions; writers: " + (", ".join(writers) or "none"))
