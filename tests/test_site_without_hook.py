"""A successor that reads mkdocs.yml but ignores `hooks:` (ProperDocs, Zensical) builds the site from the files
generate.py wrote: the hook is only a live-preview convenience."""
import re
import shutil
import subprocess
import sys

from conftest import ROOT


def test_site_builds_strict_from_generated_files_alone(tmp_path):
    for name in ("docs", "diagrams", "cloudformation"):
        shutil.copytree(ROOT / name, tmp_path / name, symlinks=True)
    config = (ROOT / "mkdocs.yml").read_text()
    without_hook = re.sub(r"^hooks:\n(\s+-.*\n)+", "", config, flags=re.M)
    without_hook = re.sub(r"^watch:.*\n", "", without_hook, flags=re.M)
    assert not re.search(r"^(hooks|watch):", without_hook, re.M) and "hook.py" not in without_hook
    (tmp_path / "mkdocs.yml").write_text(without_hook)
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path, capture_output=True,
                           text=True, env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr[-3000:]
    assert (tmp_path / "site" / "architecture" / "index.html").exists()
    assert (tmp_path / "site" / "diagrams" / "infrastructure.svg").exists()
