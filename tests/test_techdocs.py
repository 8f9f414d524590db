"""Backstage: TechDocs' own MkDocs setup (mkdocs-techdocs-core, in its own .venv-techdocs: it pins an older
Material and Markdown) builds the generated site, and catalog-info.yaml holds the model's entities."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from archkit import cli
from archkit.init import files as init_files, write as init_write
from conftest import ROOT

TECHDOCS = ROOT / ".venv-techdocs" / "bin" / "mkdocs"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("techdocs") / "p"
    init_write(folder, init_files("Tech docs probe", "probe"))
    assert cli.main(["--quiet"], root=folder) == 0
    return folder


def techdocs_config(project: Path) -> Path:
    """What Backstage's techdocs-cli does: the repository's mkdocs.yml with the techdocs-core plugin. The archkit
    plugin is not in TechDocs' environment; CI runs `archkit build` first, so every page is already written."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["plugins"] = ["techdocs-core"]
    config.pop("theme", None)  # techdocs-core sets its own
    path = project / "mkdocs-techdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def test_techdocs_core_builds_the_site(project):
    if not TECHDOCS.exists():
        message = f"{TECHDOCS} is missing (scripts/setup.sh --dev makes it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    built = subprocess.run([str(TECHDOCS), "build", "--strict", "-f", str(techdocs_config(project)), "-d",
                            str(project / "techdocs-site")], cwd=project, capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (project / "techdocs-site" / "architecture" / "components" / "items-fn.html").read_text()
    assert "Items function" in page
    assert (project / "techdocs-site" / "diagrams" / "infrastructure.svg").is_file()


def test_catalog_info_has_the_system_and_an_entity_per_component(project):
    docs = [d for d in yaml.safe_load_all((project / "catalog-info.yaml").read_text()) if d]
    kinds = {(d["kind"], d["metadata"]["name"]) for d in docs}
    assert ("System", "tech-docs-probe") in kinds
    assert {("API", "api"), ("Component", "items-fn"), ("Resource", "items-table")} <= kinds
    assert len(docs) == 1 + 7  # the system and the starter model's seven components
    system = next(d for d in docs if d["kind"] == "System")
    assert system["metadata"]["annotations"]["backstage.io/techdocs-ref"] == "dir:."
    function = next(d for d in docs if d["metadata"]["name"] == "items-fn")
    assert function["spec"]["system"] == "tech-docs-probe" and function["spec"]["providesApis"] == ["api"]
    assert function["spec"]["dependsOn"] == ["resource:items-table"]
    for doc in docs:  # what Backstage requires of each kind
        assert doc["apiVersion"] == "backstage.io/v1alpha1" and doc["spec"]["owner"]
        if doc["kind"] in ("Component", "API"):
            assert doc["spec"]["type"] and doc["spec"]["lifecycle"]
        if doc["kind"] == "API":
            assert "GET /items" in doc["spec"]["definition"]


def test_catalog_info_is_deterministic(project, tmp_path):
    other = tmp_path / "again"
    shutil.copytree(project / "model", other / "model")
    assert cli.main(["--quiet", "--model", str(other / "model"), "--out", str(other)], root=other) == 0
    assert (other / "catalog-info.yaml").read_bytes() == (project / "catalog-info.yaml").read_bytes()
