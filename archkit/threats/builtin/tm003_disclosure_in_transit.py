from ..base import Mitigated, Open, ThreatRule
from ..facts import protection


class DisclosureInTransit(ThreatRule):
    id = "TM003"
    stride = "I"
    severity = "warning"
    title = "Data is read on its way across the boundary"
    description = "Without encryption in transit a party on the path can read credentials and data."
    fix = "use an encrypted protocol (HTTPS, TLS, SSH) on the connection"

    def assess(self, model, crossing):
        connection = crossing.connection
        protected, term = protection(connection.protocol)
        if protected:
            return Mitigated(connection.id, f"{connection.protocol} is encrypted ({term})")
        if protected is None:
            return Open(f"the model does not say whether {connection.protocol!r} is encrypted")
        return Open(f"{connection.protocol} is sent in the clear ({term})")
