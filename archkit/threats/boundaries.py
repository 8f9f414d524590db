"""Which connections cross a trust boundary, and which components keep data."""
from __future__ import annotations

from dataclasses import dataclass

from ..model.types import Component, Connection, Model
from ..layout.zones import zone_label, zone_of


@dataclass(frozen=True)
class Crossing:
    number: int  # the flow's number on the page and in the data-flow diagram
    connection: Connection
    source_zone: str
    target_zone: str
    boundary: str  # 'internet -> global', 'account A → account B', ...

    @property
    def id(self) -> str:
        return self.connection.id


def crossings(model: Model) -> list[Crossing]:
    """Every connection whose ends lie in different trust zones, or that a pipeline uses to act in another
    environment's account, in model order, numbered from 1."""
    accounts = cross_account(model)
    found = []
    for connection in model.connections:
        source, target = zone_of(model, connection.source), zone_of(model, connection.target)
        if source != target:
            found.append((connection, source, target, f"{short(model, source)} → {short(model, target)}"))
        elif connection.id in accounts:
            found.append((connection, source, target, accounts[connection.id]))
    return [Crossing(i, c, s, t, b) for i, (c, s, t, b) in enumerate(found, 1)]


def short(model: Model, zone: str) -> str:
    return zone_label(model, zone).split(":")[0]


def cross_account(model: Model) -> dict[str, str]:
    """Connection id -> 'account A → account B' for pipeline actions run from the home environment's account on a
    component in an environment of another account."""
    home = model.environments.get(model.home_environment)
    if home is None:
        return {}
    out: dict[str, str] = {}
    joined = {c.id for c in model.connections}
    for pipeline in model.pipelines.values():
        for stage in pipeline.stages:
            for action in stage.actions:
                env = model.environments.get(action.environment or stage.environment)
                if env is None or env.account == home.account or not action.target:
                    continue
                for caller in dict.fromkeys(filter(None, (action.uses, pipeline.runs_on))):
                    cid = f"{caller}->{action.target}"
                    if cid in joined:
                        out.setdefault(cid, f"account {home.account} → account {env.account}")
    return out


def stores(model: Model) -> list[Component]:
    """Components that keep data (the catalogue marks their types stateful), in model order."""
    return [c for c in model.components.values() if c.type.stateful]


def store_flows(model: Model, crossing_list: list[Crossing], store_list: list[Component]) -> list[Connection]:
    """Connections into a data store that do not cross a boundary (drawn, and exported, without threats)."""
    ids, crossed = {s.id for s in store_list}, {x.id for x in crossing_list}
    return [c for c in model.connections if c.target in ids and c.id not in crossed]
