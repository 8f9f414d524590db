#!/usr/bin/env python3
"""A LikeC4 model of an archkit model, for the comparison of issue 16 point 8 (bench/likec4.py).

python bench/likec4_model.py MODEL OUT.c4: every actor and component becomes an element (its kind the actor's
kind or the component's layer, its technology the catalogue type), every connection a relationship labelled
with its protocol; the views are what the archkit site draws: the whole system (index), one dynamic view per flow,
and one view per component with what it connects to (as a neighbourhood diagram)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archkit.model import load_model  # noqa: E402


def ident(element_id: str) -> str:
    return "e_" + re.sub(r"[^A-Za-z0-9_]", "_", element_id)


def text(value: str) -> str:
    return "'" + " ".join(str(value).split()).replace("\\", "\\\\").replace("'", "\\'") + "'"


def likec4(model) -> str:
    kinds = sorted({f"k_{a.kind}" for a in model.actors.values()} | {f"k_{c.layer}" for c in model.components.values()})
    lines = ["specification {", *[f"  element {k.replace('-', '_')}" for k in kinds], "}", "", "model {"]
    for actor in model.actors.values():
        lines.append(f"  {ident(actor.id)} = k_{actor.kind.replace('-', '_')} {text(actor.name)} {{")
        lines += [f"    description {text(actor.description)}"] if actor.description else []
        lines.append("  }")
    for component in model.components.values():
        lines.append(f"  {ident(component.id)} = k_{component.layer.replace('-', '_')} {text(component.name)} {{")
        lines.append(f"    technology {text(component.type.label)}")
        lines += [f"    description {text(component.description)}"] if component.description else []
        lines.append("  }")
    for connection in model.connections:
        lines.append(f"  {ident(connection.source)} -> {ident(connection.target)} {text(connection.protocol)}")
    lines += ["}", "", "views {", "  view index {", "    title 'Infrastructure'", "    include *", "  }"]
    for flow in model.flows.values():
        lines += [f"  dynamic view flow_{ident(flow.id)} {{", f"    title {text(flow.name)}"]
        lines += [f"    {ident(s.source)} -> {ident(s.target)} {text(s.action)}" for s in flow.steps]
        lines.append("  }")
    for component in model.components.values():
        lines += [f"  view of_{ident(component.id)} of {ident(component.id)} {{", "    include *", "  }"]
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(likec4(load_model(Path(sys.argv[1]))), encoding="utf-8")
