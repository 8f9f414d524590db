from ..base import Mitigated, Open, ThreatRule
from ..facts import is_component


class CallerSpoofing(ThreatRule):
    id = "TM001"
    stride = "S"
    severity = "error"
    title = "A caller from another trust zone pretends to be someone it is not"
    description = "The target accepts the request without proof of who sent it, so anyone who can reach it can call it."
    fix = "authenticate the caller and name how on the connection (`auth:`), e.g. JWT, SigV4, OIDC, SSH key"

    def assess(self, model, crossing):
        connection = crossing.connection
        if not is_component(model, connection.target):
            return None  # a message to a person or an outside system: the receiver checks the sender
        if connection.auth:
            return Mitigated(connection.target, f"the caller authenticates: {connection.auth}")
        return Open(f"no `auth` on {connection.id} ({connection.protocol})")
