"""archkit as an installable tool for a team's own system: the wheel and its data, the `archkit` command,
`archkit init`, --only, and the MkDocs side (plugin, site name, errors in the page while serving)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from archkit import cli, paths
from archkit.init import files as init_files, write as init_write
from conftest import ROOT

PACKAGE_DATA = ["archkit/model/catalogue/aws-app.yaml", "archkit/model/structure.yaml", "archkit/site/site.yaml",
                "archkit/rules/aws_limits.yaml", "archkit/renderers/cloudformation/stacks.yaml",
                "archkit/init/template/mkdocs.yml", "archkit/init/template/dot-gitlab-ci.yml",
                "archkit/init/template/dot-github/workflows/architecture.yml"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (the checkout gets no build/ or egg-info)."""
    src = tmp_path_factory.mktemp("src")
    shutil.copy2(ROOT / "pyproject.toml", src)
    shutil.copy2(ROOT / "README.md", src)
    shutil.copytree(ROOT / "archkit", src / "archkit", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(out), str(src)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    return next(out.glob("archkit-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (--no-deps; the dependencies come from this
    environment's site-packages through a .pth file, as nothing is downloaded in the tests). Returns its bin/."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import site; print(site.getsitepackages()[0])"], capture_output=True,
                          text=True, check=True).stdout.strip()
    shared = [p for p in sys.path if p.endswith("site-packages")][0]
    Path(site, "shared.pth").write_text(shared + "\n")
    done = subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def run(bin_dir: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(cwd), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(bin_dir / "archkit"), *args], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=600)


def test_the_wheel_ships_the_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(PACKAGE_DATA) <= names, set(PACKAGE_DATA) - names
    entry_points = zipfile.ZipFile(wheel).read("archkit-0.1.0.dist-info/entry_points.txt").decode()
    assert "archkit = archkit.cli:entry" in entry_points
    assert "archkit = archkit.site.plugin:ArchkitPlugin" in entry_points  # the MkDocs plugin
    assert not any(n.startswith(("model/", "docs/", "tests/", "diagrams/")) for n in names)  # no example system


def test_installed_init_then_build_gives_a_named_site_that_passes_strict(installed, tmp_path):
    help_ = run(installed, "--help", cwd=tmp_path)
    assert help_.returncode == 0 and all(name in help_.stdout for name in cli.COMMANDS)
    made = run(installed, "init", "shop", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    shop = tmp_path / "shop"
    for name in (".gitlab-ci.yml", ".github/workflows/architecture.yml", ".pre-commit-config.yaml", ".gitignore",
                 "docs/decisions/0000-template.md", "docs/index.md", "mkdocs.yml", "model/model.schema.json"):
        assert (shop / name).is_file(), name
    assert (shop / "model/system.yaml").read_text().startswith("# yaml-language-server: $schema=model.schema.json")
    assert run(installed, "validate", "--strict", cwd=shop).returncode == 0
    built = run(installed, "build", "--quiet", cwd=shop)
    assert built.returncode == 0, built.stdout + built.stderr
    index = (shop / "site/index.html").read_text()
    assert "<title>Shop</title>" in index
    assert (shop / "site/architecture/components/items-fn.html").is_file()
    assert (shop / "site/diagrams/infrastructure.svg").is_file()
    assert (shop / "site/search/search_index.json").is_file()
    assert run(installed, "check", cwd=shop).returncode == 0
    assert run(installed, "nope", cwd=shop).returncode == 2


def test_init_refuses_a_folder_with_files(tmp_path, capsys):
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "mine.txt").write_text("mine")
    assert cli.dispatch(["init", "shop"], root=tmp_path) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert os.listdir(tmp_path / "shop") == ["mine.txt"]


def test_init_template_stylesheet_is_the_sites_own():
    template = ROOT / "archkit/init/template/docs/stylesheets/archkit.css"
    assert template.read_bytes() == (ROOT / "docs/stylesheets/archkit.css").read_bytes()


@pytest.fixture
def project(tmp_path) -> Path:
    init_write(tmp_path / "p", init_files("Probe system", "probe"))
    return tmp_path / "p"


def test_only_writes_one_kind_and_keeps_the_others(project):
    assert cli.main(["--quiet", "--only", "diagrams"], root=project) == 0
    assert list((project / "diagrams").glob("*.svg")) and not (project / paths.PAGES_DIR).exists()
    assert not list((project / "cloudformation").iterdir())
    assert cli.main(["--quiet"], root=project) == 0
    pages = sorted((project / paths.PAGES_DIR).rglob("*.md"))
    assert cli.main(["--quiet", "--only", "cloudformation"], root=project) == 0
    assert sorted((project / paths.PAGES_DIR).rglob("*.md")) == pages  # not deleted as orphans
    assert cli.main(["--check", "--only", "pages"], root=project) == 0


def config_of(project: Path):
    return SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), docs_dir=str(project / "docs"),
                           extra={}, data={})


def test_preview_serving_an_invalid_model_shows_located_errors_and_keeps_the_last_good_site(project):
    from mkdocs.exceptions import PluginError

    from archkit.site.preview import Options, Preview

    preview = Preview(Options())
    preview.generate(config_of(project))
    page = project / paths.page("index")
    good = page.read_bytes()
    system = project / "model/system.yaml"
    system.write_text(system.read_text().replace("    timeout: 5\n", "    timeout: 5000\n"))
    with pytest.raises(PluginError, match="system.yaml:"):
        preview.generate(config_of(project))  # mkdocs build: fails
    preview.start("serve")
    preview.generate(config_of(project))  # mkdocs serve: no exception, so the server keeps answering
    shown = preview.banner("<h1>Probe</h1>")
    assert "system.yaml:" in shown and "fix:" in shown and shown.endswith("<h1>Probe</h1>")
    assert page.read_bytes() == good  # nothing was written
    system.write_text(system.read_text().replace("    timeout: 5000\n", "    timeout: 5\n"))
    preview.generate(config_of(project))
    assert preview.banner("<h1>Probe</h1>") == "<h1>Probe</h1>"


def test_the_site_is_named_after_the_system(project):
    from archkit.site.preview import Options, Preview

    config = {"site_name": "placeholder"}
    holder = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), __getitem__=None)
    Preview(Options()).name_site(_Config(holder, config))
    assert config["site_name"] == "Probe system"


class _Config:
    def __init__(self, holder, data):
        self.config_file_path, self.data = holder.config_file_path, data

    def __setitem__(self, key, value):
        self.data[key] = value


def test_rule_message_names_the_stack_list_to_edit(project):
    """CICD002 read as a newcomer would: the function is in a template; what is missing is the stack's deploys."""
    system = project / "model/system.yaml"
    system.write_text(system.read_text().replace("deploys: [api, items-fn, items-table]", "deploys: [api, items-table]"))
    from archkit.model import load_model
    from archkit.rules.engine import report_for

    found = [f for f in report_for(load_model(project / "model")).findings if f.rule == "CICD002"]
    assert len(found) == 1 and found[0].element == "items-fn"
    assert "no CloudFormation stack deploys" not in found[0].message and "`deploys:`" in found[0].message
    assert "items-stack" in found[0].fix and "items-fn" in found[0].fix


def test_build_out_dir_is_a_complete_site_project(project, tmp_path):
    """archkit build --out DIR: DIR gets mkdocs.yml, a home page and the stylesheet, and its site builds."""
    out = tmp_path / "elsewhere"
    env_before = os.environ.get("NO_MKDOCS_2_WARNING")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        assert cli.dispatch(["build", "--quiet", "--out", str(out)], root=project) == 0
    finally:
        if env_before is None:
            os.environ.pop("NO_MKDOCS_2_WARNING")
    assert (out / "mkdocs.yml").is_file() and "archkit:" not in (out / "mkdocs.yml").read_text()
    assert "<title>Probe system</title>" in (out / "site" / "index.html").read_text()
    assert (out / "site" / "architecture" / "components" / "items-fn.html").is_file()
    assert (out / "site" / "diagrams" / "infrastructure.svg").is_file()
    assert (out / "site" / "decisions" / "index.html").is_file()  # the home page links the decisions
