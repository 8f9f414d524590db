from ..base import Mitigated, Open, ThreatRule
from ..facts import protection


class TamperingInTransit(ThreatRule):
    id = "TM002"
    stride = "T"
    severity = "warning"
    title = "Data is changed on its way across the boundary"
    description = "Without an integrity-protected channel a party on the path can alter requests or responses."
    fix = "use a protocol with TLS (HTTPS) or SSH on the connection, or sign the messages"

    def assess(self, model, crossing):
        connection = crossing.connection
        protected, term = protection(connection.protocol)
        if protected:
            return Mitigated(connection.id, f"{connection.protocol} protects integrity ({term})")
        if protected is None:
            return Open(f"the model does not say whether {connection.protocol!r} protects integrity")
        return Open(f"{connection.protocol} is sent in the clear ({term})")
