"""A flow diagram's numbered steps: a numbered circle on each step's edge, and the legend table that says what
each number is (from -> to, action, protocol, path, auth, timeout) and what can fail there (condition, status,
who answers whom). HTML-like labels; every model text goes through html_text()."""
from __future__ import annotations

from ...views.contract import StepRow
from ...views.labels import wrap
from . import style
from .text import html_text

CIRCLE = style.TEXT  # a dark disc with a white number, as AWS's reference architectures number their steps
HEADERS = ("Step", "From \u2192 To", "Action", "Protocol", "Path", "Auth", "Timeout")
MAX_ROWS = 60  # a flow longer than that lists the rest on its page


def circle(number: int, asynchronous: bool = False) -> str:
    """The edge label: the step's number in a filled circle (an asynchronous step's circle is outlined)."""
    fill, ink = ("white", CIRCLE) if asynchronous else (CIRCLE, "white")
    return (f'<<TABLE BORDER="1" COLOR="{CIRCLE}" BGCOLOR="{fill}" STYLE="rounded" CELLBORDER="0" CELLSPACING="0" '
            f'CELLPADDING="0" FIXEDSIZE="TRUE" WIDTH="22" HEIGHT="22"><TR><TD WIDTH="20" HEIGHT="20" FIXEDSIZE="TRUE">'
            f'<FONT POINT-SIZE="11" COLOR="{ink}"><B>{number}</B></FONT></TD></TR></TABLE>>')


def cell(text: str, width: int = 0, colour: str = "", bold: bool = False, span: int = 1) -> str:
    lines = wrap(text, width).split("\n") if width and text else [text]
    body = '<BR ALIGN="LEFT"/>'.join(html_text(line) for line in lines) or " "  # Graphviz refuses an empty FONT
    if bold:
        body = f"<B>{body}</B>"
    font = f'<FONT POINT-SIZE="11" COLOR="{colour or style.TEXT}">{body}</FONT>'
    extra = f' COLSPAN="{span}"' if span > 1 else ""
    return f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP"{extra}>{font}</TD>'


def step_cells(row: StepRow) -> str:
    number = f'<TD VALIGN="TOP">{circle(row.number, row.asynchronous)[1:-1]}</TD>'
    return number + "".join((cell(f"{row.source} \u2192 {row.target}", 34), cell(row.action, 40),
                             cell(row.protocol, 20), cell(row.path, 24), cell(row.auth, 22), cell(row.timeout)))


def failure_cells(row: StepRow) -> list[str]:
    out = []
    for f in row.failures:
        status = f"{f.status} " if f.status else ""
        out.append('<TD ALIGN="RIGHT" VALIGN="TOP"><FONT POINT-SIZE="11" COLOR="%s">\u2717</FONT></TD>'
                   % style.FAILURE + cell(f"{f.answers} \u2192 {f.receives}", 34, style.FAILURE)
                   + cell(f"if {f.when}: {status}{f.response}", 90, style.FAILURE, span=5))
    return out


def legend_table(rows: list[StepRow]) -> str:
    """The table's HTML body (no outer <>): a header row, a row per step, a red row under it per failure."""
    head = "".join(cell(h, bold=True) for h in HEADERS)
    body = [f"<TR>{head}</TR>"]
    for row in rows[:MAX_ROWS]:
        body.append(f"<TR>{step_cells(row)}</TR>")
        body += [f"<TR>{c}</TR>" for c in failure_cells(row)]
    if len(rows) > MAX_ROWS:
        body.append(f"<TR>{cell(f'... and {len(rows) - MAX_ROWS} more steps (see the flow page)', span=7)}</TR>")
    return ('<TABLE BORDER="1" COLOR="#AEB6BE" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="white">'
            + "".join(body) + "</TABLE>")
