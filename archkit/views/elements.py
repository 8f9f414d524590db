"""Nodes and edges of a view: what a diagram needs to know about one model element or connection."""
from __future__ import annotations

from dataclasses import replace

from .. import paths
from ..layout.zones import AWS_ACCOUNT, AWS_CLOUD, account_label
from ..model.catalogue import load_catalogue
from ..model.types import Component, Connection, Model
from . import labels
from .contract import Cluster, Edge, LayoutHints, Node, View

KEY_PROPERTIES = 6  # scalar properties shown in a node's tooltip
LABEL_WIDTH = 14  # characters per line of a node label


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    return labels.wrap(text, width)


def is_component(model: Model, element_id: str) -> bool:
    return element_id in model.components


def icon_of(model: Model, element_id: str) -> str:
    if is_component(model, element_id):
        return model.components[element_id].type.icon
    kind = load_catalogue().actor_kinds.get(model.actors[element_id].kind)
    return kind.icon if kind else ""


def type_label(model: Model, element_id: str) -> str:
    if is_component(model, element_id):
        return model.components[element_id].type.label
    kind = load_catalogue().actor_kinds.get(model.actors[element_id].kind)
    return kind.label if kind else model.actors[element_id].kind


def show(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v) for v in value)
    return str(value)


def key_properties(component: Component) -> list[str]:
    """Scalar (or list-of-scalar) properties that are set, with their units, in catalogue order."""
    lines = []
    for name, spec in component.type.properties.items():
        value = component.properties.get(name)
        if value is None or value == [] or isinstance(value, dict):
            continue
        if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            continue
        unit = f" {spec.unit}" if spec.unit and not isinstance(value, list) else ""
        lines.append(f"{name.replace('_', ' ')}: {show(value)}{unit}")
        if len(lines) == KEY_PROPERTIES:
            break
    return lines


def tooltip(model: Model, element_id: str, details: bool = False) -> str:
    """What the element is (name, type, description, owner); with details, also its key settings.

    Only a component's own neighbourhood diagram shows its settings: an overview that showed them would be
    re-drawn, and show up in a merge request, whenever a memory size or timeout changes."""
    element = model.element(element_id)
    lines = [f"{element.name} ({type_label(model, element_id)})"]
    if element.description:
        lines.append(element.description)
    if details and is_component(model, element_id):
        lines += key_properties(model.components[element_id])
    if element.owner:
        lines.append(f"owner: {element.owner}")
    return "\n".join(lines)


def href(model: Model, diagram_name: str, element_id: str) -> str:
    if not is_component(model, element_id):
        return ""
    return paths.site_link(paths.diagram(diagram_name, "svg"), paths.component_page(element_id))


def node(model: Model, diagram_name: str, element_id: str, cluster: str = "", *, node_id: str = "",
         label: str = "", note: str = "", details: bool = False) -> Node:
    """A node drawing one model element. node_id defaults to the element id (unique in most views)."""
    text = tooltip(model, element_id, details)
    return Node(id=node_id or element_id, ref=element_id, label=label or wrap(model.name_of(element_id)),
                icon=icon_of(model, element_id), href=href(model, diagram_name, element_id),
                tooltip=f"{note}\n{text}" if note else text, cluster=cluster)


def connection_tooltip(model: Model, connection: Connection) -> str:
    parts = [f"{model.name_of(connection.source)} -> {model.name_of(connection.target)}",
             f"protocol: {connection.protocol}"]
    if connection.auth:
        parts.append(f"auth: {connection.auth}")
    if connection.purpose:
        parts.append(connection.purpose)
    if connection.asynchronous:
        parts.append("asynchronous")
    if connection.permissions:
        parts.append("permissions: " + ", ".join(connection.permissions))
    return "\n".join(parts)


def edge(model: Model, connection: Connection, *, label: str | None = None) -> Edge:
    return Edge(source=connection.source, target=connection.target,
                label=wrap(connection.protocol, 16) if label is None else label,
                tooltip=connection_tooltip(model, connection), style="dashed" if connection.asynchronous else "solid",
                # people stay on the left, even when the system notifies them
                constraint=not (connection.target in model.actors and connection.source in model.components))


def view(name: str, title: str, nodes: list[Node], edges: list[Edge], clusters: list[Cluster] | None = None,
         hints: LayoutHints = LayoutHints(), **rest) -> View:
    return View(name=name, title=title, clusters=tuple(clusters or ()), nodes=tuple(nodes), edges=tuple(edges),
                hints=hints, **rest)


def cluster(cluster_id: str, label: str, parent: str = "", look: str = "") -> Cluster:
    """A box; look names how it is drawn (renderers/graph/style.LOOKS: AWS's group conventions), a light layer box
    by default."""
    return Cluster(cluster_id, label, parent, look or "layer")


def label_once(edges: list[Edge], nodes: list[Node]) -> list[Edge]:
    """Blank the label of an edge that repeats one already shown from the same source or into the same cluster
    (six alarms -> one topic: 'SNS' once). The tooltip keeps it."""
    cluster_of = {n.id: n.cluster for n in nodes}
    shown: set[tuple[str, str, str]] = set()
    kept = []
    for drawn in edges:
        keys = {(drawn.label, "from", drawn.source), (drawn.label, "into", cluster_of.get(drawn.target, ""))}
        kept.append(replace(drawn, label="") if drawn.label and keys & shown else drawn)
        shown |= keys
    return kept


def aws_groups(model: Model) -> list[Cluster]:
    """The AWS Cloud box and the account box inside it (they hold the global services box and the Region)."""
    return [Cluster(AWS_CLOUD, "AWS Cloud", look="cloud"),
            Cluster(AWS_ACCOUNT, account_label(model) or "AWS account", AWS_CLOUD, look="account")]
