"""The contract between views and renderers (archkit/views/contract.py): views are small frozen typed objects,
they pickle and hash the same way twice, the renderers read their attributes (never `.get` or `["..."]`), the
placement modules (archkit/layout/) import neither views nor renderers, and the diagrams a page embeds are the
ones the views say it shows."""
from __future__ import annotations

import ast
import pickle
import re
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from archkit.model import load_model
from archkit.renderers.graph.producer import diagram_job
from archkit.site import pages
from archkit.site.diagram import shown_on_pages
from archkit.views import all_views
from archkit.views import contract
from archkit.views.contract import Cluster, Edge, LayoutHints, Message, Node, OnPage, View
from conftest import MODEL, ROOT

MODELS = [MODEL, ROOT / "tests" / "models" / "multi-region", ROOT / "tests" / "models" / "event-driven"]
TYPED = {name for name, value in vars(contract).items() if isinstance(value, type) and is_dataclass(value)}
READERS = sorted((ROOT / "archkit" / "renderers").rglob("*.py")) + [ROOT / "archkit" / "diff" / "pictures.py",
                                                                     ROOT / "archkit" / "diff" / "pin.py"]


@pytest.fixture(scope="module", params=MODELS, ids=lambda p: p.name)
def model(request):
    return load_model(request.param)


def loose(value, path: str):
    """Where a list, dict or set hides inside a contract object (frozen objects hold tuples)."""
    if isinstance(value, (list, dict, set)):
        yield path
    elif isinstance(value, tuple):
        for k, item in enumerate(value):
            yield from loose(item, f"{path}[{k}]")
    elif is_dataclass(value):
        for f in fields(value):
            yield from loose(getattr(value, f.name), f"{path}.{f.name}")


def test_every_view_is_a_typed_view(model):
    for view in all_views(model):
        assert isinstance(view, View) and isinstance(view.hints, LayoutHints), view.name
        assert all(isinstance(n, Node) for n in view.nodes), view.name
        assert all(isinstance(e, Edge) for e in view.edges), view.name
        assert all(isinstance(c, Cluster) for c in view.clusters), view.name
        assert all(isinstance(m, Message) for m in view.messages), view.name
        assert all(isinstance(a, View) for a in view.hints.alternatives), view.name
        assert not list(loose(view, view.name)), list(loose(view, view.name))[:3]
        with pytest.raises((AttributeError, TypeError)):
            view.name = "changed"  # frozen


def test_views_pickle_and_hash_the_same_twice(model):
    first, second = all_views(model), all_views(model)
    assert [v.name for v in first] == [v.name for v in second]
    for one, other in zip(first, second):
        assert pickle.loads(pickle.dumps(one)) == one
        assert diagram_job(one).key == diagram_job(other).key, one.name
        assert diagram_job(one).basis_key == diagram_job(other).basis_key, one.name


def test_the_key_follows_what_is_drawn_not_the_page(model):
    view = all_views(model)[0]
    moved = View(**{f.name: getattr(view, f.name) for f in fields(View)} | {"on_page": OnPage("x.md", "X", "X")})
    relabelled = View(**{f.name: getattr(view, f.name) for f in fields(View)} | {"title": view.title + "!"})
    assert diagram_job(moved).key == diagram_job(view).key
    assert diagram_job(relabelled).key != diagram_job(view).key


def typed_names(function: ast.FunctionDef) -> set[str]:
    """The function's parameters annotated with a contract type (view: View, edge: Edge, base: View | None; not
    a list of them)."""
    found = set()
    for arg in function.args.args + function.args.kwonlyargs:
        annotation = ast.unparse(arg.annotation) if arg.annotation else ""
        if annotation.removesuffix(" | None") in TYPED:
            found.add(arg.arg)
    return found


def dict_reads(path: Path) -> list[str]:
    """`x.get(...)`, `x["..."]` and `"..." in x` on a parameter typed with a contract object, in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = []
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        names = typed_names(function)
        for node in ast.walk(function):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in names:
                wrong.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    isinstance(node.func.value, ast.Name) and node.func.value.id in names and \
                    node.func.attr in ("get", "items", "keys", "pop", "update", "setdefault"):
                wrong.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
            elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) and \
                    any(isinstance(c, ast.Name) and c.id in names for c in node.comparators):
                wrong.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return wrong


def test_renderers_read_attributes_never_dict_keys():
    typed = [p for p in READERS for f in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(f, ast.FunctionDef) and typed_names(f)]
    assert {p.name for p in typed} >= {"dotsource.py", "sequence.py", "trials.py", "key.py", "producer.py",
                                       "pictures.py"}  # the scan looks where views are read
    assert [w for p in READERS for w in dict_reads(p)] == []


def test_the_scan_finds_a_dict_read(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f(view: View, edge: Edge):\n    return view.get('name'), edge['label'], 'x' in view\n")
    assert len(dict_reads(probe)) == 3


def test_layout_imports_neither_views_nor_renderers():
    for path in sorted((ROOT / "archkit" / "layout").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = "." * node.level + (node.module or "")
                assert not re.match(r"(\.\.|archkit\.)(views|renderers|site)\b", target), (path.name, target)
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith(("archkit.views", "archkit.renderers")) for a in node.names)


def embedded(markdown: str) -> list[str]:
    return re.findall(r'<object type="image/svg\+xml" data="[^"]*diagrams/([^"/]+)\.svg"', markdown)


def test_pages_embed_the_diagrams_their_views_name(model):
    views = all_views(model)
    assert all(v.on_page for v in views)  # every diagram of the model is shown on some page
    shown = shown_on_pages(views)
    rendered = {}
    for job in pages.jobs(model):
        rendered.update(job.run())
    for path, text in rendered.items():
        assert embedded(text.decode()) == [d["name"] for d in shown.get(path, [])], path
    assert set(shown) <= set(rendered)
    assert sorted(pages.diagram_names(model)) == sorted(v.name for v in views)


def test_no_page_names_a_diagram_itself():
    """Pages embed only through diagram_sections (the views' list); no page calls embed() with a name of its own."""
    modules = sorted((ROOT / "archkit" / "site").glob("*.py")) + [ROOT / "archkit" / "threats" / "page.py"]
    for path in modules:
        if path.name == "diagram.py":
            continue
        calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) == "embed"]
        assert calls == [], path.name
