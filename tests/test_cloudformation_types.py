"""CloudFormation types are found the way rules are (issue 15 point 3): each module of
renderers/cloudformation/types/ defines a CfnType subclass for its catalogue type, and the assembler asks the
contract, never probes a module. Every catalogue type that names CloudFormation resources has a module, and what
the module emits (build, complete, extra stacks; not the connections' wiring) is of the types its entry lists,
over every test model and the generated minimal model of every type."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from archkit.model import load_model
from archkit.model.catalogue import load_catalogue
from archkit.renderers.cloudformation import assemble
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.types import REGISTRY
from archkit.renderers.cloudformation.types.base import CfnType
from conftest import ROOT
from modelgen import minimal_model

PACKAGE = ROOT / "archkit" / "renderers" / "cloudformation"
TEST_MODELS = sorted(p for p in (ROOT / "tests" / "models").iterdir() if p.is_dir())


def test_every_catalogue_type_naming_resources_has_a_module_and_every_module_a_catalogue_type():
    types = load_catalogue().types
    naming = {name for name, t in types.items() if t.cloudformation}
    assert naming, "the catalogue names no CloudFormation resources"
    assert sorted(naming - set(REGISTRY)) == []
    assert sorted(set(REGISTRY) - set(types)) == []
    for name, cls in REGISTRY.items():
        assert issubclass(cls, CfnType) and cls.catalogue_type == name
        assert cls.build is not CfnType.build, name


def test_no_module_is_probed_for_what_it_defines():
    """The contract has a default for every hook: hasattr/getattr on a module would hide a missing one."""
    for path in [PACKAGE / "assemble.py", PACKAGE / "context.py", PACKAGE / "wiring.py",
                 *sorted((PACKAGE / "types").glob("*.py"))]:
        calls = [node for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Name) and node.func.id in {"hasattr", "getattr"}]
        assert calls == [], (path.name, [c.lineno for c in calls])


def test_there_is_no_hand_kept_registry():
    source = (PACKAGE / "types" / "__init__.py").read_text()
    assert "import (" not in source and "REGISTRY = {" not in source


def emitted_by_modules(folder: Path, monkeypatch) -> list[tuple[str, str, str]]:
    """[(component type, component, resource type)] of every resource not made by the wiring of connections."""
    wired: set[int] = set()
    original = assemble.wiring.build

    def recording(ctx):
        made = original(ctx)
        wired.update(id(r) for r in made)
        return made

    monkeypatch.setattr(assemble.wiring, "build", recording)
    result = assemble.build(templates_payload(load_model(folder)))
    types = {c.id: c.type for c in result.context.components.values()}
    return [(types[r.component], r.component, r.type) for stack in result.stacks.values()
            for r in stack.resources.values() if id(r) not in wired]


def minimal_folders(root: Path) -> list[Path]:
    folders = []
    for type_name in sorted(load_catalogue().types):
        doc, _ = minimal_model(type_name)
        folder = root / type_name
        folder.mkdir()
        (folder / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
        folders.append(folder)
    return folders


def test_modules_emit_only_the_resource_types_their_catalogue_entry_lists(tmp_path, monkeypatch):
    listed = {name: set(t.cloudformation) for name, t in load_catalogue().types.items()}
    seen: set[str] = set()
    for folder in TEST_MODELS + minimal_folders(tmp_path):
        for type_name, component, resource_type in emitted_by_modules(folder, monkeypatch):
            assert resource_type in listed[type_name], (folder.name, component, type_name, resource_type)
            seen.add(type_name)
    assert seen >= {n for n, kinds in listed.items() if kinds}  # every module was exercised
