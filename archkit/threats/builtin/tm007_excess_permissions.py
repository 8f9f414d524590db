from ..base import Mitigated, Open, ThreatRule
from ..facts import role_of, wildcards


class ExcessPermissions(ThreatRule):
    id = "TM007"
    stride = "E"
    severity = "error"
    title = "A caller from another zone gets more rights than it needs"
    description = "Wildcard actions let a compromised caller do far more than the connection's purpose."
    fix = "list the exact IAM actions on the connection (`permissions:`) instead of wildcards"

    def assess(self, model, crossing):
        connection = crossing.connection
        if not connection.permissions:
            return None
        broad = wildcards(connection)
        if broad:
            return Open("wildcard actions: " + ", ".join(broad))
        by = role_of(model, connection.source) or connection.id
        return Mitigated(by, f"only {len(connection.permissions)} listed action(s)")
