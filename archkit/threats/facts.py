"""Facts of the model the threat rules read: protocol protection, writes, wildcards, WAFs, throttling, logs."""
from __future__ import annotations

import functools
import re
from pathlib import Path

from ..datafiles import read_data
from ..model.types import Component, Connection, Model


@functools.cache
def facts() -> dict:
    return read_data(Path(__file__).with_name("facts.yaml"))


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9-]+", " ", text.lower()) + " "


def _mentions(text: str, terms) -> str:
    words = _words(text)
    return next((term for term in terms if _words(term) in words), "")


def protection(protocol: str) -> tuple[bool | None, str]:
    """(True, term) when the protocol protects data in transit, (False, term) when it is clear, (None, '')."""
    clear = _mentions(protocol, facts()["protocols"]["clear"])
    if clear:
        return False, clear
    protected = _mentions(protocol, facts()["protocols"]["protected"])
    return (True, protected) if protected else (None, "")


def is_component(model: Model, element_id: str) -> bool:
    return element_id in model.components


def writes(connection: Connection) -> list[str]:
    verbs = facts()["write_verbs"]
    return [p for p in connection.permissions if any(p.split(":", 1)[1].startswith(v) for v in verbs)
            or p.split(":", 1)[1] == "*"]


def wildcards(connection: Connection) -> list[str]:
    return [p for p in connection.permissions if "*" in p]


def web_acl_of(model: Model, component_id: str) -> str:
    """The WAF web ACL in front of a component: its own `web_acl`, if it names a component of the model."""
    comp = model.components.get(component_id)
    ref = comp.props().get("web_acl") if comp else None
    return ref if isinstance(ref, str) and ref in model.components else ""


def throttled_stages(component: Component) -> list[str]:
    stages = component.props().get("stages") or {}
    return [name for name, stage in stages.items() if isinstance(stage, dict) and stage.get("throttling_rate")]


def stage_access_logs(component: Component) -> list[str]:
    stages = component.props().get("stages") or {}
    return [stage["access_log"] for stage in stages.values() if isinstance(stage, dict) and stage.get("access_log")]


def access_log_of(model: Model, component_id: str) -> str:
    """The element that records requests to a component: an access-log bucket, a stage's access log or a log
    group that names the component as its source."""
    comp = model.components.get(component_id)
    if comp is None:
        return ""
    props = comp.props()
    for key in ("access_log_bucket", "log_group"):
        if isinstance(props.get(key), str) and props[key] in model.components:
            return props[key]
    logs = [ref for ref in stage_access_logs(comp) if ref in model.components]
    if logs:
        return logs[0]
    return next((c.id for c in model.by_type("log-group") if c.props().get("source") == component_id), "")


def proxy_log_of(model: Model, component_id: str) -> str:
    """The access log of a component that forwards requests and records each one it forwards (a CloudFront
    distribution's access-log bucket, an API stage's access log); a function's own log group is not such a record."""
    comp = model.components.get(component_id)
    if comp is None:
        return ""
    bucket = comp.props().get("access_log_bucket")
    if isinstance(bucket, str) and bucket in model.components:
        return bucket
    return next((ref for ref in stage_access_logs(comp) if ref in model.components), "")


def role_of(model: Model, component_id: str) -> str:
    """The IAM role a component acts with, when the model names one (e.g. a runner's `deploy_role`)."""
    comp = model.components.get(component_id)
    ref = comp.props().get("deploy_role") if comp else None
    return ref if isinstance(ref, str) and ref in model.components else ""
