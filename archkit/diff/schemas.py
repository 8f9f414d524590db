"""Which property changes make CloudFormation replace a resource: the resource schemas that cfn-lint ships
(`createOnlyProperties`: always; `conditionalCreateOnlyProperties`: in some cases, e.g. a DynamoDB table's key).

The JSON files are read directly: importing cfn-lint itself costs about a second and a half."""
from __future__ import annotations

import functools
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

REGION = "us-east-1"  # the provider list every resource type of the catalogue is in


@dataclass(frozen=True)
class Replacement:
    always: tuple[str, ...]  # property paths, e.g. ('TableName',), ('EncryptionAtRestOptions', 'Enabled')
    conditional: tuple[str, ...]


@functools.cache
def schema_folder() -> Path | None:
    spec = importlib.util.find_spec("cfnlint")  # locates the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "schemas"


@functools.cache
def providers() -> dict[str, str]:
    folder = schema_folder()
    if folder is None or not (folder / "providers" / f"{REGION}.json").is_file():
        return {}
    return json.loads((folder / "providers" / f"{REGION}.json").read_text(encoding="utf-8"))


@functools.cache
def replacement(resource_type: str) -> Replacement | None:
    """None when the type is unknown (a custom resource, or cfn-lint is missing): replacement cannot be told."""
    digest = providers().get(resource_type)
    if not digest:
        return None
    schema = json.loads((schema_folder() / "resources" / f"{digest}.json").read_text(encoding="utf-8"))

    def paths(key):
        return tuple(sorted(p.removeprefix("/properties/") for p in schema.get(key, ())))
    return Replacement(paths("createOnlyProperties"), paths("conditionalCreateOnlyProperties"))


@functools.cache
def _documented() -> dict:
    from ..datafiles import read_data
    return read_data(Path(__file__).with_name("replacements.yaml"))


def documented(resource_type: str) -> tuple[str, ...]:
    """Conditionally create-only properties that the CloudFormation User Guide documents as 'Update requires:
    Replacement' whatever the change (replacements.yaml)."""
    return tuple(_documented().get(resource_type, ()))


def available() -> bool:
    return bool(providers())


def covers(schema_path: str, changed: str) -> bool:
    """A changed property path (Properties.KeySchema[0].AttributeName as 'KeySchema/0/AttributeName') under a
    create-only path ('KeySchema')."""
    return changed == schema_path or changed.startswith(schema_path + "/")
