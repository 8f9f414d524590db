"""A sequence view -> DOT for `neato -n2`: every position is computed here, so the picture is a classic sequence
diagram (participants with icons, dashed lifelines, numbered messages, failure alternatives). A synchronous call
is a solid line with a filled arrowhead and is answered by a dotted reply once everything it led to is done (so
the initiator gets its answer); an asynchronous message (an event, a queued message) is a dashed line with an
open arrowhead and gets no reply."""
from __future__ import annotations

from ...views.contract import Frame, Message, RetryLoop, View
from ...views.labels import wrap as wrap_words
from . import style
from .icons import icon_file, resolve
from .key import entries, key_table, line_style
from .text import dot_url, entities, fit_label, fit_tooltip

COLUMN = 230  # points between lifelines
HEAD_W = 100  # participant column width
ICON = 80  # points: a participant's icon
LINE = 13  # points per label line
MARGIN = 40
CHAR_W = 6.2  # average width of a 10-11 pt character
LABEL_W = 5.4  # average width of a 10 pt character (a frame's label)
TITLE_GAP = 24  # points between the title and the participants' icons
# a message's label hides the lifelines it spans (drawn after them: outputorder=edgesfirst), not struck through
SEQUENCE_KEY = {"solid": "synchronous call", "dashed": "asynchronous message (event, queued message)",
                "dotted": "reply to a call"}
SEQUENCE_COLOURS = {style.FAILURE: "failure answer (in an alt frame)"}
MASK = {"style": "filled", "fillcolor": "white", "color": "white"}
ASYNC = {"style": "dashed", "arrowhead": "vee"}  # UML's open arrowhead for an asynchronous message
REPLY = {"style": "dotted", "color": style.MUTED}


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def plain(key: str, value: str) -> str:
    """Model text stays plain text: no entities or HTML-like labels; tooltips are unescaped twice by Graphviz."""
    if key == "label":
        return entities(fit_label(value))
    if key == "tooltip":
        return entities(fit_tooltip(value)).replace("\\", "\\\\")
    return value


def attrs(**values) -> str:
    return "[" + " ".join(f"{k}={quote(plain(k, str(v)))}" for k, v in values.items() if v is not None and v != "") + "]"


def wrap(text: str, points: float) -> str:
    width = max(16, int(points / CHAR_W))
    return wrap_words(text, width)


class Canvas:
    """Statements in top-down coordinates; flipped to Graphviz's bottom-up ones at the end."""

    def __init__(self):
        self.items: list[tuple[str, float, float, dict]] = []  # (id, x, y, attributes)
        self.edges: list[tuple[str, str, dict]] = []
        self.count = 0

    def point(self, x: float, y: float) -> str:
        self.count += 1
        name = f"p{self.count}"
        self.items.append((name, x, y, {"shape": "point", "width": "0.01", "style": "invis"}))
        return name

    def text(self, x: float, y: float, label: str, **extra) -> str:
        self.count += 1
        name = f"t{self.count}"
        self.items.append((name, x, y, {"shape": "plaintext", "label": label, "fontsize": "10",
                                        "margin": "0", "width": "0", "height": "0", **extra}))
        return name

    def line(self, x1: float, y1: float, x2: float, y2: float, **extra):
        self.edges.append((self.point(x1, y1), self.point(x2, y2), extra))

    def dot(self, title: str, height: float) -> str:
        out = ["digraph sequence {",
               "\t" + "graph " + attrs(label=title, labelloc="t", labeljust="l", fontname=style.FONT, fontsize="20",
                                       fontcolor=style.TEXT, splines="line", pad="0.3", outputorder="edgesfirst"),
               "\t" + "node " + attrs(fontname=style.FONT, fontcolor=style.TEXT),
               "\t" + "edge " + attrs(fontname=style.FONT, color=style.MUTED, arrowsize="0.8")]
        for name, x, y, values in self.items:
            html = values.pop("html", "")  # the key: an HTML-like label written as it is (no model text in it)
            out.append(f"\t{name} " + attrs(pos=f"{x:.1f},{height - y:.1f}!", **values)
                       + (f" [label={html}]" if html else ""))
        for a, b, values in self.edges:
            out.append(f"\t{a} -> {b} " + attrs(**values))
        out.append("}")
        return "\n".join(out) + "\n"


def heads(canvas: Canvas, view: View, y: float) -> dict[str, float]:
    """A participant: its icon (every icon the same size, tops level) and its name under it (first lines level)."""
    columns = {}
    for i, p in enumerate(view.nodes):
        x = MARGIN + HEAD_W / 2 + i * COLUMN
        columns[p.id] = x
        cls = resolve(p.icon, f"diagram {view.name}, participant {p.id}")
        link = {"href": p.href, "target": "_top"} if dot_url(p.href) else {}
        canvas.items.append((f"head_{i}", x, y + ICON / 2, {
            "shape": "none", "image": str(icon_file(cls)), "imagescale": "true", "fixedsize": "true",
            "width": f"{ICON / 72:.3f}", "height": f"{ICON / 72:.3f}", "label": " ", "tooltip": p.tooltip, **link}))
        lines = p.label.count("\n") + 1
        canvas.text(x, y + ICON + 6 + LINE * lines / 2, p.label, fontsize="11", tooltip=p.tooltip, **link)
    return columns


def arrow(canvas: Canvas, x1: float, x2: float, y: float, above: str, below: str, tip: str, **extra):
    span = max(abs(x2 - x1), COLUMN) - 20
    if x1 == x2:  # a message to itself: a small loop to the right
        canvas.line(x1, y - 8, x1 + 30, y - 8, arrowhead="none", tooltip=tip, **extra)
        canvas.line(x1 + 30, y - 8, x1 + 30, y + 8, arrowhead="none", tooltip=tip, **extra)
        canvas.line(x1 + 30, y + 8, x1, y + 8, tooltip=tip, **extra)
        x1, x2 = x1 + 30, x1 + 30 + span
    else:
        canvas.line(x1, y, x2, y, tooltip=tip, **extra)
    middle = (x1 + x2) / 2
    if not above:
        return
    above = wrap(above, span)
    canvas.text(middle, y - 4 - LINE * (above.count("\n") + 1) / 2, above, fontsize="11", tooltip=tip, **MASK)
    if below:
        below = wrap(below, span)
        canvas.text(middle, y + 4 + LINE * (below.count("\n") + 1) / 2, below, fontcolor="#6B7280", tooltip=tip,
                    **MASK)


def lines_of(text: str, points: float) -> int:
    return wrap(text, points).count("\n") + 1 if text else 0


def message_rows(canvas: Canvas, view: View, columns: dict, y: float) -> float:
    """The messages in order; a synchronous call stays open (a stack) until the next message leaves from a
    participant other than the one it called, or the flow ends: then its reply is drawn, innermost first. A frame
    (the model's loop/par/alt/opt, or a retry loop the catalogue implies) opens before its first message, once the
    answers that come before it are drawn, and closes after its last, with the replies of the calls inside it."""
    open_calls: list[Message] = []
    frames = all_frames(view)
    running: list[tuple[Frame, float, int]] = []  # (frame, its top, open calls when it began)
    for m in view.messages:
        y = close_calls(canvas, open_calls, columns, y, lambda top: top.target != m.source)
        for frame in sorted((f for f in frames if f.first == m.number), key=lambda f: -f.last):
            running.append((frame, y + 4, len(open_calls)))
            y += 4 + 24
        if m.number in frame_operands(running):
            y = operand_line(canvas, running, view, frames, columns, y)
        y = message(canvas, m, columns, y)
        if not m.asynchronous and m.source != m.target:  # a call to itself needs no answer arrow
            open_calls.append(m)
        empty = [loop for loop in view.loops if loop.after == m.number and loop.last is None]
        for loop in empty:  # no step of the flow is retried: the loop holds the retried participant alone
            y = close_calls(canvas, open_calls, columns, y, lambda top: top.target != loop.participant)
            top = y + 4
            y = retry_mark(canvas, loop, columns, top + 28)
            y = loop_frame(canvas, frame_of_loop(loop), view, frames, columns, top, y)
        while running and running[-1][0].last == m.number:
            frame, top, depth = running.pop()
            y = close_calls(canvas, open_calls, columns, y, lambda _: len(open_calls) > depth)
            y = loop_frame(canvas, frame, view, frames, columns, top, y)
    return close_calls(canvas, open_calls, columns, y, lambda _: True)


def close_calls(canvas: Canvas, open_calls: list[Message], columns: dict, y: float, still) -> float:
    """Draw the replies of the innermost open calls while `still(innermost)` holds."""
    while open_calls and still(open_calls[-1]):
        y = reply(canvas, open_calls.pop(), columns, y)
    return y


def frame_of_loop(loop: RetryLoop) -> Frame:
    first = loop.after + 1 if loop.last is not None else None
    return Frame("loop", loop.label, first, loop.last, participant=loop.participant, colour=style.RETRY)


def all_frames(view: View) -> list[Frame]:
    """The model's frames, then the retry loops that hold steps."""
    return list(view.frames) + [frame_of_loop(loop) for loop in view.loops if loop.last is not None]


def frame_operands(running: list) -> set[int]:
    return {n for frame, _, _ in running for n in frame.operands}


def operand_line(canvas: Canvas, running: list, view: View, frames: list, columns: dict, y: float) -> float:
    """A dashed line across the innermost frame that starts a further branch at the next message."""
    frame = running[-1][0]
    left, right = frame_edges(frame, view, frames, columns)
    canvas.line(left, y + 6, right, y + 6, arrowhead="none", style="dashed", color=frame_colour(frame),
                penwidth="0.6")
    return y + 8


def message(canvas: Canvas, m: Message, columns: dict, y: float) -> float:
    """A numbered message (solid, or dashed with an open arrowhead when asynchronous), then its failures."""
    x1, x2 = columns[m.source], columns[m.target]
    span = max(abs(x2 - x1), COLUMN) - 20
    y += 10 + LINE * lines_of(f"{m.number}. {m.action}", span)
    look = ASYNC if m.asynchronous else {}
    arrow(canvas, x1, x2, y, f"{m.number}. {m.action}", m.detail, m.tooltip, color=style.TEXT, penwidth="1.3",
          **look)
    y += 12 + LINE * lines_of(m.detail, span)
    return alternatives(canvas, m, columns, y) if m.failures else y


def retry_mark(canvas: Canvas, loop: RetryLoop, columns: dict, y: float) -> float:
    """A retried participant with nothing else in the flow: a short note on its lifeline, inside the frame."""
    x = columns[loop.participant]
    canvas.text(x, y + LINE / 2, "retried", fontcolor=style.RETRY, **MASK)
    return y + LINE + 8


def frame_colour(frame: Frame) -> str:
    return frame.colour or style.FRAME


def frame_edges(frame: Frame, view: View, frames: list, columns: dict) -> tuple[float, float]:
    """Left and right of a frame: round the participants of its messages, wider by the frames nested in it."""
    inside = [m for m in view.messages if frame.first is not None and frame.first <= m.number <= frame.last]
    ids = {frame.participant} if frame.participant else set()
    ids |= {p for m in inside for p in (m.source, m.target)}
    ids |= {p for m in inside for f in m.failures for p in (f.source, f.target)}
    xs = [columns[i] for i in ids]
    nested = sum(1 for other in frames if other is not frame and other.first is not None
                 and frame.first is not None and frame.first <= other.first and other.last <= frame.last
                 and (other.first, -other.last) != (frame.first, -frame.last))
    margin = 85 + 14 * nested
    return min(xs) - margin, max(xs) + margin


def loop_frame(canvas: Canvas, frame: Frame, view: View, frames: list, columns: dict, top: float,
               y: float) -> float:
    """A frame (loop, par, alt, opt) round the messages it holds, labelled with its kind and [label]."""
    left, right = frame_edges(frame, view, frames, columns)
    colour = frame_colour(frame)
    bottom = y + 6
    canvas.text(left + 6 + len(frame.kind) * LABEL_W / 2, top + 9, frame.kind, fontsize="10",
                fontcolor=colour, **MASK)
    label = f"[{frame.label}]"
    canvas.text(left + 34 + len(label) * LABEL_W / 2, top + 9, label, fontsize="10", fontcolor=colour, **MASK)
    for a, b in (((left, top), (right, top)), ((right, top), (right, bottom)), ((right, bottom), (left, bottom)),
                 ((left, bottom), (left, top))):
        canvas.line(*a, *b, arrowhead="none", color=colour, penwidth="0.9")
    return bottom + 8


def reply(canvas: Canvas, call: Message, columns: dict, y: float) -> float:
    """The dotted answer to a call, labelled with what it returns (unlabelled when the model says nothing)."""
    x1, x2 = columns[call.source], columns[call.target]
    span = max(abs(x2 - x1), COLUMN) - 20
    y += 6 + LINE * lines_of(call.returns, span)
    tip = f"reply to {call.number}" + (f": {call.returns}" if call.returns else "")
    arrow(canvas, x2, x1, y, call.returns, "", tip, **REPLY)
    return y + 14


def alternatives(canvas: Canvas, message: Message, columns: dict, y: float) -> float:
    """A dashed 'alt' frame holding one dashed red answer per failure (from who answers to who receives it),
    each labelled [when] status response."""
    ends = [(columns[f.source], columns[f.target]) for f in message.failures]
    xs = [x for pair in ends for x in pair] + [columns[message.source], columns[message.target]]
    left, right = min(xs) - 70, max(xs) + 70
    top = y + 4
    y = top + 16
    canvas.text(left + 14, top + 9, "alt", fontsize="10", fontcolor=style.FAILURE, labeljust="l")
    for i, (failure, (x2, x1)) in enumerate(zip(message.failures, ends)):
        span = max(abs(x2 - x1), COLUMN) - 20
        if i:
            canvas.line(left, y, right, y, arrowhead="none", style="dashed", color=style.FAILURE, penwidth="0.6")
            y += 6
        answer = " ".join(str(part) for part in (failure.status or "", failure.response) if part)
        above = f"[{failure.when}]"
        y += 8 + LINE * lines_of(above, span)
        arrow(canvas, x2, x1, y, above, answer, f"{message.number}. fails: {failure.when} -> {answer}",
              style="dashed", color=style.FAILURE, fontcolor=style.FAILURE)
        y += 10 + LINE * lines_of(answer, span)
    bottom = y + 4
    for a, b in (((left, top), (right, top)), ((right, top), (right, bottom)), ((right, bottom), (left, bottom)),
                 ((left, bottom), (left, top))):
        canvas.line(*a, *b, arrowhead="none", style="dashed", color=style.FAILURE, penwidth="0.8")
    return bottom + 6


def sequence_dot(view: View) -> str:
    canvas = Canvas()
    top = 50
    canvas.point(MARGIN, top - TITLE_GAP)  # the drawing starts above the icons: room under the title
    columns = heads(canvas, view, top)
    tallest = max((p.label.count("\n") + 1 for p in view.nodes), default=1) * LINE
    start = top + ICON + 12 + tallest
    end = message_rows(canvas, view, columns, start + 10) + 20
    for x in columns.values():
        canvas.line(x, start, x, end, arrowhead="none", style="dashed", color="#AEB6BE")
    return canvas.dot(view.title, add_key(canvas, end) + 20)


def arrows_used(canvas: Canvas) -> list[tuple[str, str]]:
    """(line style, colour) of every arrow drawn (lifelines and frames have no arrowhead)."""
    return [(line_style(values.get("style", "solid")), values.get("color", style.MUTED))
            for _, _, values in canvas.edges if values.get("arrowhead") != "none"]


def add_key(canvas: Canvas, y: float) -> float:
    """The key under the last lifeline, left-aligned; the drawing's new bottom."""
    key = entries(arrows_used(canvas), SEQUENCE_KEY, SEQUENCE_COLOURS, default_colour=style.TEXT)
    if not key:
        return y
    width = sum(len(e.meaning) + 8 for e in key) * CHAR_W + 40
    canvas.items.append(("key", MARGIN + width / 2, y + 20, {"shape": "plaintext", "margin": "0", "width": "0",
                                                              "height": "0", "html": key_table(key)}))
    return y + 40
