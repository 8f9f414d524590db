from ..base import Mitigated, Open, ThreatRule


class ViewerDowngrade(ThreatRule):
    id = "TM004"
    stride = "I"
    severity = "warning"
    title = "A viewer is served over plain HTTP or old TLS"
    description = "A distribution that allows HTTP or TLS before 1.2 lets a party on the path read or downgrade it."
    fix = "set `viewer_protocol_policy: redirect-to-https` (or https-only) and `minimum_protocol_version: TLSv1.2_2021`"

    def assess(self, model, crossing):
        target = model.components.get(crossing.connection.target)
        if target is None or "viewer_protocol_policy" not in target.type.properties:
            return None
        props = target.props()
        policy, version = props.get("viewer_protocol_policy") or "", str(props.get("minimum_protocol_version") or "")
        if policy == "allow-all":
            return Open(f"{target.id} allows HTTP (viewer_protocol_policy: allow-all)")
        if version and not version.startswith(("TLSv1.2", "TLSv1.3")):
            return Open(f"{target.id} accepts {version}")
        return Mitigated(target.id, f"viewers use HTTPS ({policy}{', ' + version if version else ''})")
