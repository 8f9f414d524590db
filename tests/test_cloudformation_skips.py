"""The table of checkov checks -> resource types is checkov's own, and a skip lands only where its check looks."""
from __future__ import annotations

import subprocess

import pytest

from archkit.renderers.cloudformation.assemble import checkov_types, skip_metadata
from archkit.renderers.cloudformation.context import Comp
from conftest import ROOT

CHECKOV_PYTHON = ROOT / ".venv-checkov" / "bin" / "python"


def test_table_matches_the_installed_checkov():
    if not CHECKOV_PYTHON.exists():
        pytest.fail("run scripts/setup.sh --dev: it creates .venv-checkov with checkov")
    run = subprocess.run([str(CHECKOV_PYTHON), str(ROOT / "scripts" / "checkov_resource_types.py"), "--check"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, "checkov_types.yaml is stale: rerun scripts/checkov_resource_types.py " + run.stderr


def test_table_holds_resource_and_graph_checks():
    table = checkov_types()
    assert table["CKV_AWS_116"] == ["AWS::Lambda::Function", "AWS::Serverless::Function"]
    assert table["CKV2_AWS_71"] == ["AWS::CertificateManager::Certificate"]
    assert all(kinds and all(k.startswith("AWS::") for k in kinds) for kinds in table.values())


def comp_with(*rules: str) -> Comp:
    return Comp("f", "lambda", "F", "compute", "", {}, {}, tuple({"rule": r, "reason": "why " + r} for r in rules))


def test_skip_goes_only_to_the_type_its_check_inspects():
    comp = comp_with("CKV_AWS_116", "CKV_AWS_158", "SEC001")
    assert skip_metadata(comp, "AWS::Lambda::Function") == {
        "checkov": {"skip": [{"id": "CKV_AWS_116", "comment": "why CKV_AWS_116"}]}}
    assert skip_metadata(comp, "AWS::Logs::LogGroup") == {
        "checkov": {"skip": [{"id": "CKV_AWS_158", "comment": "why CKV_AWS_158"}]}}
    assert skip_metadata(comp, "AWS::IAM::Role") == {}


def test_a_check_unknown_to_the_table_is_skipped_on_every_resource():
    comp = comp_with("CKV_AWS_99999")
    assert skip_metadata(comp, "AWS::IAM::Role")["checkov"]["skip"][0]["id"] == "CKV_AWS_99999"
