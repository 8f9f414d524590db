"""`mkdocs serve` through the archkit hook on a small project: one site build per model change, and an invalid model
answers at once with its located errors in the page while the last good outputs stay as they were."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from archkit import paths
from archkit.init import files as init_files, write as init_write
from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    project = tmp_path / "p"
    init_write(project, init_files("Serve probe", "probe"))
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["plugins"] = [p for p in config["plugins"] if p != "archkit" and not (isinstance(p, dict) and "archkit" in p)]
    config["hooks"] = [str(ROOT / "archkit" / "site" / "hook.py")]  # the checkout's stand-in for the plugin
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        until(lambda: "Serving on" in text(log), 120, log)
        yield project, f"http://127.0.0.1:{port}/", log
    finally:
        server.terminate()
        server.wait(30)


def text(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def until(condition, seconds, log):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, text(log)[-3000:]
        time.sleep(0.2)


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # a hang fails here, in 10 s, not in 10 minutes
        return response.read().decode()


def test_one_build_per_change_and_errors_in_the_page(served):
    project, base, log = served
    page = base + "architecture/components/items-fn.html"
    assert "Items function" in get(page)
    system = project / "model" / "system.yaml"
    builds = text(log).count("Building documentation")
    system.write_text(system.read_text().replace("name: Items function", "name: Items lister"))
    until(lambda: "Items lister" in get(page), 60, log)
    time.sleep(3)  # a second build, if the generated pages started one, would have begun by now
    assert text(log).count("Building documentation") - builds == 1, text(log)[-3000:]

    good = (project / paths.component_page("items-fn")).read_bytes()
    system.write_text(system.read_text().replace("    timeout: 5\n", "    timeout: 5000\n"))
    until(lambda: "archkit-errors" in get(page), 60, log)
    shown = get(page)
    assert re.search(r"system\.yaml:\d+:\d+", shown) and "fix:" in shown and "Items lister" in shown
    assert (project / paths.component_page("items-fn")).read_bytes() == good  # the last good page, untouched
    system.write_text(system.read_text().replace("    timeout: 5000\n", "    timeout: 5\n"))
    until(lambda: "archkit-errors" not in get(page), 60, log)
