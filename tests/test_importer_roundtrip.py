"""Round trip: model -> generated templates -> import -> the same components, types, key properties and
connections (what may differ, and why: tests/roundtrip.py WHY_DIFFERENT)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from roundtrip import round_trip

ROOT = Path(__file__).resolve().parents[1]
MODELS = sorted(p for p in (ROOT / "tests" / "models").iterdir() if p.is_dir())
# What the generator adds around the model's components (see WHY_DIFFERENT "helpers the generator adds").
# the generator's own helpers come back as components: log groups, roles, the origin WAF and its secret, projects
HELPER_TYPES = {"log-group", "iam-role", "waf-web-acl", "secrets-manager-secret", "codebuild-project"}


def check(result: dict):
    assert result["missing"] == [], "components lost in the round trip"
    assert result["types"] == [], "components whose type changed"
    assert result["properties"] == [], "key properties that changed"
    lost_grants = result["with_permissions"] & set(result["connections_missing"])
    assert not lost_grants, "connections with IAM permissions lost in the round trip"
    total, found = result["counts"]
    assert found >= 0.8 * total, result["connections_missing"]


    assert set(result["extra_types"]) <= HELPER_TYPES, result["extra"]


@pytest.mark.parametrize("model", MODELS + [ROOT / "model"], ids=lambda p: p.name)
def test_round_trip_of_models(model, tmp_path):
    result = round_trip(model, tmp_path)
    check(result)
    assert all(not e.endswith("-2") for e in result["extra"])  # no doubled component


@pytest.mark.parametrize("size", [40, 120])
def test_round_trip_of_synthetic_models(size, tmp_path):
    subprocess.run([sys.executable, str(ROOT / "bench/synth.py"), str(size), str(tmp_path / "m")], check=True)
    (tmp_path / "t").mkdir()
    result = round_trip(tmp_path / "m", tmp_path / "t")
    check(result)
    total, found = result["counts"]
    assert found == total, result["connections_missing"]  # every synthetic connection has a resource behind it
