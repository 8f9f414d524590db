"""The same model gives the same inputs to every output on any machine: the payload of every job (views of the
diagrams, pages, templates) is the same in processes with other hash seeds (a set's iteration order changes with
PYTHONHASHSEED; a view that lists a set's members would lay its diagram out differently on another machine)."""
from __future__ import annotations

import os
import subprocess
import sys

import yaml

import modelgen
from conftest import MODEL, ROOT

RANDOM_SEEDS = (1, 4, 9)  # plausible systems; 1 and 4 hold components in a second Region
DIGEST = """
import sys
from pathlib import Path
from archkit.build.producers import all_jobs
from archkit.model import load_model

def digests(model):
    return sorted(f"{job.name}:{job.outputs[0]}={job.key}" for job in all_jobs(model))

for folder in sys.argv[1:]:
    print(folder, *digests(load_model(Path(folder))))
"""


def test_every_job_payload_is_the_same_under_other_hash_seeds(tmp_path):
    folders = list(dict.fromkeys([str(MODEL)] + sorted(str(p) for p in (ROOT / "tests" / "models").iterdir()
                                                       if p.is_dir())))
    for seed in RANDOM_SEEDS:
        folder = tmp_path / f"plausible-{seed}"
        folder.mkdir()
        document = modelgen.with_flows(modelgen.plausible_system(seed), seed)
        (folder / "model.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
        folders.append(str(folder))
    runs = []
    for hash_seed in ("1", "2", "3", "4"):
        done = subprocess.run([sys.executable, "-c", DIGEST, *folders], capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONHASHSEED": hash_seed}, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        runs.append(dict(line.split(" ", 1) for line in done.stdout.splitlines()))
    assert len(runs[0]) == len(folders)
    for other in runs[1:]:
        differing = {folder: sorted(set(other[folder].split()) ^ set(runs[0][folder].split()))[:4]
                     for folder in folders if other[folder] != runs[0][folder]}
        assert differing == {}
