"""The contract between the views and the renderers: what a diagram shows, as small frozen objects.

A view function builds a View from the model; a renderer reads its attributes and nothing else (no dict, no
`.get`). Layout hints (columns, bands, stacks, the declaration orders to try) travel apart from what is drawn, in
LayoutHints. Every object is frozen, holds tuples (never lists) and pickles, so that a render job can carry it to a
worker process; a job's key hashes its fields as JSON (build/jobs.canonical_json: each object as a dict of its
fields, tuples as lists). Ground floor: this module imports nothing of archkit.
"""
from __future__ import annotations

from dataclasses import dataclass

Pairs = tuple[tuple[str, str], ...]  # an ordered mapping (Graphviz attributes, style -> meaning)
Ids = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Node:
    """A model element (or a state, a pipeline action) drawn once."""
    id: str  # unique in the view
    ref: str = ""  # the model element it draws ("" for a marker or a shape)
    label: str = ""
    icon: str = ""  # catalogue icon name; "" with a shape
    href: str = ""  # the component's page, relative to the diagram
    tooltip: str = ""
    cluster: str = ""  # the id of the box it is drawn in; "" outside every box
    listing: bool = False  # the label is a list under the icon: as tall as its lines
    lines: int = 0  # sized for that many label lines (nodes of a row stay level); 0: as its label needs
    shape: str = ""  # a Graphviz shape instead of an icon (a state machine's Choice, start, end)
    colour: str = ""  # a shape's outline and text colour; "" for the default text colour
    dot: Pairs = ()  # extra Graphviz attributes (the diff's colours)


@dataclass(frozen=True, slots=True)
class Edge:
    """A connection, step or reference drawn as an arrow from source to target (node ids)."""
    source: str
    target: str
    label: str = ""
    tooltip: str = ""
    style: str = "solid"  # solid | dashed | dotted
    number: int | None = None  # a flow step's number: drawn as a circle when the view has a legend
    constraint: bool = True  # False: it does not move the ranks (Graphviz's constraint=false)
    weight: int | None = None  # how hard Graphviz keeps it short and straight; None: its default
    flat: bool = False  # inside one column: its label goes beside it (xlabel)
    reverse: bool = False  # laid out head first, its arrow unchanged
    tail_cluster: str = ""  # starts at this box's border (a bundled edge)
    head_cluster: str = ""  # ends at this box's border
    tail_port: str = ""  # the side of the node it leaves by ('s', 'e')
    head_port: str = ""  # the side it enters by ('w')
    protocol: str = ""  # while a view is built: what a bundle of edges is labelled by; "" in a finished view
    dot: Pairs = ()  # extra Graphviz attributes (the diff's colours, a caught error's red)


@dataclass(frozen=True, slots=True)
class Cluster:
    """A box (a zone, a layer, a group of neighbours) inside its parent box."""
    id: str
    label: str
    parent: str = ""  # "" at the top
    look: str = "layer"  # renderers/graph/style.LOOKS: AWS's group conventions
    highlight: bool = False  # the box of the component a neighbourhood diagram is about


@dataclass(frozen=True, slots=True)
class Order:
    """A declaration order of a view's boxes and nodes (Graphviz orders a column by it)."""
    clusters: Ids
    nodes: Ids


@dataclass(frozen=True, slots=True)
class LayoutHints:
    """How the view asks to be laid out, apart from what it shows (node ids throughout)."""
    columns: tuple[Ids, ...] = ()  # nodes pinned to columns, left to right
    headers: Ids = ()  # a title on top of each column
    below: tuple[tuple[Ids, ...], ...] = ()  # per column, groups of nodes under its others, each under the last
    stacks: tuple[Ids, ...] = ()  # runs of a column kept in order top to bottom (declared bottom up)
    tops: Pairs = ()  # (upper, lower) inside a box
    align: Pairs = ()  # (left, right) neighbours kept on one row
    same_rank: tuple[Ids, ...] = ()  # groups in one rank
    orders: tuple[Order, ...] = ()  # other declaration orders the renderer tries (trials.py)
    shuffles: int = 0  # shuffled declaration orders it may try
    alternatives: tuple["View", ...] = ()  # whole other versions of the view it tries last
    graph: Pairs = ()  # extra Graphviz graph attributes (rankdir, ranksep, mclimit)


@dataclass(frozen=True, slots=True)
class FailureRow:
    """A modelled failure of a flow step, as the legend lists it."""
    when: str
    status: str  # "" when the model gives none
    response: str
    answers: str  # the name of who answers with it
    receives: str  # the name of who receives it


@dataclass(frozen=True, slots=True)
class StepRow:
    """One row of a flow's legend: what the numbered circle on a step's edge stands for."""
    number: int
    source: str  # names, as the diagram labels the nodes
    target: str
    action: str
    protocol: str
    path: str
    auth: str
    timeout: str  # "5 s", or "" when the model gives none
    asynchronous: bool
    failures: tuple[FailureRow, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """A sequence message's failure: who answers (source) whom (target), when, with what."""
    when: str
    status: int | str | None
    response: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Message:
    """A numbered message of a sequence diagram."""
    number: int
    source: str
    target: str
    action: str
    detail: str = ""
    returns: str = ""
    tooltip: str = ""
    asynchronous: bool = False
    failures: tuple[Failure, ...] = ()


@dataclass(frozen=True, slots=True)
class Frame:
    """A loop/par/alt/opt frame round messages first..last (numbers); first is None for an empty retry loop."""
    kind: str
    label: str
    first: int | None
    last: int | None
    operands: tuple[int, ...] = ()  # the messages that start a further branch
    participant: str = ""  # the participant a retry loop holds
    colour: str = ""  # "" for the frame colour


@dataclass(frozen=True, slots=True)
class RetryLoop:
    """Where a service retries work handed to a participant: after step `after`, up to step `last` (None when
    the flow shows no step of the retried work)."""
    after: int
    last: int | None
    participant: str
    label: str


@dataclass(frozen=True, slots=True)
class OnPage:
    """Where the site shows a diagram: the page (a paths.page/flow_page/... path), the heading of its section, its
    caption, and what the page says about it above it (markdown, "" for nothing)."""
    path: str
    heading: str
    caption: str
    intro: str = ""


@dataclass(frozen=True, slots=True)
class View:
    """One diagram: a graph (nodes in boxes, edges) or a sequence (participants as nodes, messages)."""
    name: str  # the diagram's file name, without extension
    title: str
    kind: str = "graph"  # graph | sequence
    clusters: tuple[Cluster, ...] = ()
    nodes: tuple[Node, ...] = ()  # a sequence's participants, left to right
    edges: tuple[Edge, ...] = ()
    messages: tuple[Message, ...] = ()  # a sequence's messages, in order
    loops: tuple[RetryLoop, ...] = ()
    frames: tuple[Frame, ...] = ()
    hints: LayoutHints = LayoutHints()
    key: Pairs = ()  # line style -> what it means here (the key's default meanings otherwise)
    key_colours: Pairs = ()  # colour -> what it means here
    legend: tuple[StepRow, ...] = ()  # a flow's numbered steps
    note: str = ""  # a text drawn apart from the nodes
    on_page: OnPage | None = None  # the page that embeds it (pages collect their diagrams from the views)


def ids(groups) -> tuple:
    """Nested lists of node ids as nested tuples (a hint's shape, frozen)."""
    if isinstance(groups, (list, tuple)):
        return tuple(ids(g) for g in groups)
    return groups
