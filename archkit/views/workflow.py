"""One diagram per state machine with modelled states: its states and transitions as Step Functions Workflow
Studio draws them (start, states in order, end), Task states with the icon of the function they invoke, Map and
Parallel states as boxes holding their iterator or branches, retries as loops, catches as red dashed arrows."""
from __future__ import annotations

from dataclasses import replace

from .. import paths
from ..model import states as scoping
from ..model.types import Component, Model
from .contract import Edge, LayoutHints, Node, OnPage, View
from .elements import cluster, href, icon_of, tooltip, view, wrap

START, END = "start", "end"
SHAPES = {"Choice": "diamond", "Wait": "octagon", "Pass": "box", "Succeed": "doublecircle", "Fail": "doublecircle",
          "Map": "box3d", "Parallel": "box3d"}
CATCH_COLOUR = "#C0392B"


def workflow_name(component: Component) -> str:
    return f"states-{component.id}"


def has_states(component: Component) -> bool:
    return component.type.name == "step-functions" and bool(component.properties.get("states"))


def state_id(name: str) -> str:
    return "state-" + "".join(c if c.isalnum() else "-" for c in name)


def state_tooltip(model: Model, state: dict) -> str:
    kind = state.get("type", "Task")
    lines = [f"{state['name']} ({kind} state)"]
    if state.get("function"):
        lines.append(f"invokes {model.name_of(state['function'])} (its live alias)")
    facts = {"Wait": ("seconds", "waits {} s"), "Map": ("items_path", "for each item of {}"),
             "Fail": ("error", "error {}")}
    if kind in facts and state.get(facts[kind][0]):
        lines.append(facts[kind][1].format(state[facts[kind][0]]))
    if kind == "Map" and state.get("max_concurrency"):
        lines.append(f"at most {state['max_concurrency']} at once")
    if state.get("cause"):
        lines.append(f"cause: {state['cause']}")
    lines += [retry_text(r) for r in state.get("retry") or []]
    return "\n".join(lines)


def retry_text(retry: dict) -> str:
    errors = ", ".join(retry.get("errors") or ["States.ALL"])
    return (f"retry {errors}: up to {retry.get('max_attempts', 3)} times, every {retry.get('interval', 2)} s"
            f" x{retry.get('backoff', 2)}")


def state_label(model: Model, state: dict) -> str:
    kind = state.get("type", "Task")
    if kind == "Task" and state.get("function"):
        return wrap(state["name"]) + "\n" + wrap(model.name_of(state["function"]))
    if kind == "Wait" and state.get("seconds"):
        return wrap(state["name"]) + f"\n(wait {state['seconds']} s)"
    return wrap(state["name"]) + f"\n({kind})"


def state_node(model: Model, diagram: str, state: dict, box: str) -> Node:
    """A Task state wears its function's icon and links to its page; the others are Workflow Studio shapes."""
    drawn = Node(state_id(state["name"]), ref=state.get("function", ""), label=state_label(model, state),
                 tooltip=state_tooltip(model, state), cluster=box)
    if state.get("function") in model.components:
        return replace(drawn, icon=icon_of(model, state["function"]), href=href(model, diagram, state["function"]))
    return replace(drawn, shape=SHAPES.get(state.get("type", "Task"), "box"),
                   colour=CATCH_COLOUR if state.get("type") == "Fail" else "")


def marker(node_id: str, label: str, box: str = "") -> Node:
    return Node(node_id, label=label, tooltip=label, cluster=box,
                shape="circle" if node_id == START else "doublecircle")


def box_id(container: str, branch: int) -> str:
    return f"{state_id(container)}-branch-{branch}"


def workflow_view(model: Model, component: Component) -> View:
    name = workflow_name(component)
    all_states = component.properties.get("states") or []
    groups = scoping.scopes(all_states)
    kinds = {s["name"]: s.get("type", "Task") for s in all_states}
    clusters, nodes, edges = [], [marker(START, "Start")], []
    for (container, branch), members in groups.items():
        box = ""
        if container:
            box = box_id(container, branch)
            branches = sum(1 for c, _ in groups if c == container)
            title = f"{container}: each item" if kinds.get(container) == "Map" else f"{container}: branch {branch}"
            clusters.append(cluster(box, title if branches > 1 or kinds.get(container) == "Map" else container,
                                    parent=box_of(all_states, container)))
        nodes += [state_node(model, name, s, box) for s in members]
        edges += scope_edges(members, container, kinds, groups)
    if groups.get(("", 0)):
        edges.insert(0, transition(START, groups[("", 0)][0]["name"], ""))
    if any(e.target == END for e in edges):
        nodes.append(marker(END, "End"))
    return view(name, f"{component.name}: states ({component.props().get('workflow', 'STANDARD')})", nodes, edges,
                clusters, LayoutHints(graph=(("rankdir", "TB"), ("ranksep", "0.6"))),
                key=(("solid", "next state"), ("dashed", "into a Map's iterator or a Parallel branch"),
                     ("dotted", "retry")),
                key_colours=((CATCH_COLOUR, "caught error: goes to"),),
                on_page=OnPage(paths.component_page(component.id), "States",
                               f"{component.name}: its states and transitions"))


def box_of(states: list[dict], container: str) -> str:
    """The box a container state stands in (its own scope's box, or none at the top)."""
    state = next(s for s in states if s["name"] == container)
    outer, branch = scoping.scope_of(state)
    return box_id(outer, branch) if outer else ""


def transition(source: str, target: str, label: str, **extra) -> Edge:
    tail = source if source in (START, END) else state_id(source)
    head = target if target in (START, END) else state_id(target)
    return Edge(tail, head, label=label, tooltip=label or "next", **extra)


def scope_edges(members: list[dict], container: str, kinds: dict, groups: dict) -> list[Edge]:
    edges = []
    for state in members:
        kind = state.get("type", "Task")
        edges += [transition(state["name"], c["next"], wrap(f"{c['variable']} = {c['equals']}", 20))
                  for c in state.get("choices") or []]
        if state.get("default"):
            edges.append(transition(state["name"], state["default"], "otherwise"))
        if kind in scoping.CONTAINERS:
            edges += [transition(state["name"], first, "each item" if kind == "Map" else "", style="dashed")
                      for first in firsts(state["name"], groups)]
        edges += [transition(state["name"], c["next"], wrap(", ".join(c.get("errors") or ["States.ALL"]), 20),
                             style="dashed", dot=(("color", CATCH_COLOUR), ("fontcolor", CATCH_COLOUR)))
                  for c in state.get("catch") or []]
        edges += [transition(state["name"], state["name"], f"retry x{r.get('max_attempts', 3)}", style="dotted")
                  for r in state.get("retry") or []][:1]
        if kind in scoping.TERMINAL:
            continue
        following = "" if state.get("end") else scoping.following(state, members)
        if following:
            edges.append(transition(state["name"], following, ""))
        elif not container:
            edges.append(transition(state["name"], END, ""))
    return edges


def firsts(container: str, groups: dict) -> list[str]:
    """The first state of each branch (or of the iterator) of a Map or Parallel state, by branch number."""
    return [members[0]["name"] for (outer, _), members in sorted(groups.items(), key=lambda g: g[0][1])
            if outer == container and members]
