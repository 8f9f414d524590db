"""Issue 5's promises checked on every model we have (the default, the event-driven and the benchmark's synthetic
model), not only on the default: retained state, valid CI files, byte-identical output across processes, stable
logical ids, a docs page that lists every stack with its parameters, outputs and template, component pages that
link their resources, and the manual steps that credentials need."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from archkit import paths
from archkit.model import load_model
from archkit.renderers.cloudformation import component_resources
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.ci import GITLAB_CI
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from archkit.site.pages import jobs as page_jobs
from conftest import ROOT
from test_cloudformation import CHECK_JSONSCHEMA, MODELS, rendered, synthetic_model, templates, write_files

# AWS resource types that hold data or identity a replacement would lose (a new zone gets new name servers)
HOLDS_STATE = {"AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::Logs::LogGroup", "AWS::KMS::Key",
               "AWS::Cognito::UserPool", "AWS::SQS::Queue", "AWS::SecretsManager::Secret", "AWS::Route53::HostedZone"}


@pytest.fixture(scope="module", params=list(MODELS))
def model_files(request):
    return request.param, *rendered(MODELS[request.param]())


def test_every_resource_holding_state_is_retained(model_files):
    name, _, files = model_files
    found = 0
    for path, doc in templates(files).items():
        for lid, resource in doc["Resources"].items():
            if resource["Type"] in HOLDS_STATE:
                found += 1
                assert resource.get("DeletionPolicy") == resource.get("UpdateReplacePolicy") == "Retain", (path, lid)
    assert found >= 3, name


def test_every_gitlab_ci_file_passes_the_schema_and_its_stages_and_needs_exist(model_files, tmp_path):
    name, payload, files = model_files
    runs_on_gitlab = any(c["type"] == "gitlab-runner" and any(p["runs_on"] == c["id"] for p in payload["pipelines"])
                         for c in payload["components"])
    assert (GITLAB_CI in files) == runs_on_gitlab, name
    if not runs_on_gitlab:
        return
    path = write_files({GITLAB_CI: files[GITLAB_CI]}, tmp_path) / GITLAB_CI
    run = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.gitlab-ci", "--data-transform",
                          "gitlab-ci", str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    doc = load(files[GITLAB_CI])
    jobs = {job: spec for job, spec in doc.items() if isinstance(spec, dict) and "script" in spec}
    assert jobs
    for job, spec in jobs.items():
        assert spec["stage"] in doc["stages"], job
        assert all(need in jobs for need in spec.get("needs", [])), job


def test_gitlab_jobs_ask_for_the_token_audience_their_deploy_role_trusts(model_files):
    name, _, files = model_files
    if GITLAB_CI not in files:
        return
    trusted = {cond["StringEquals"][key] for doc in templates(files).values() for r in doc["Resources"].values()
               if r["Type"] == "AWS::IAM::Role"
               for s in r["Properties"]["AssumeRolePolicyDocument"]["Statement"] if "Federated" in s["Principal"]
               for cond in [s["Condition"]] for key in cond["StringEquals"] if key.endswith(":aud")}
    asked = {token["aud"] for job in load(files[GITLAB_CI]).values() if isinstance(job, dict)
             for token in job.get("id_tokens", {}).values()}
    if trusted:
        assert asked and asked <= trusted, (asked, trusted)


DIGEST = """
import hashlib, sys
from archkit.model import load_model
from archkit.renderers.cloudformation.ci import render_ci
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
for folder in sys.argv[1:]:
    payload = templates_payload(load_model(folder))
    files = {**render_templates(payload), **render_ci(payload)}
    print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())
"""


def test_every_model_gives_byte_identical_files_in_processes_with_other_hash_seeds():
    folders = [str(MODELS[name]()) for name in MODELS]
    digests = []
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", DIGEST, *folders], capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120, check=True)
        digests.append(run.stdout.split())
    assert len(digests[0]) == len(MODELS) and digests[0] == digests[1]


def logical_ids(folder) -> dict[str, set[str]]:
    return {component: {lid for _, lid, _ in entries}
            for component, entries in component_resources(load_model(folder)).items()}


def test_logical_ids_come_from_model_ids_and_stay_when_the_model_grows():
    small, large = logical_ids(synthetic_model(50)), logical_ids(synthetic_model(60))
    assert set(small) < set(large)
    for component, ids in small.items():  # nothing renamed; the API only gains its new routes' resources
        assert ids <= large[component], component
    assert sum(len(ids) for ids in large.values()) > sum(len(ids) for ids in small.values())


def test_docs_page_lists_every_stack_with_parameters_outputs_and_its_template(model_files):
    name, payload, files = model_files
    page = files[paths.page("cloudformation")].decode()
    result = build(payload)
    here = paths.page("cloudformation")
    order = page[page.index("## Deploy order"):page.index("## Stacks")]
    for number, stack_name in enumerate(result.order, start=1):
        stack = result.stacks[stack_name]
        assert f"{number}. `{stack_name}` " in order
        template = f"cloudformation/{stack_name}.yaml"
        assert f"[`{stack_name}`]({paths.relative(here, paths.stack_page(stack_name))})" in page
        section = files[paths.stack_page(stack_name)].decode()  # the stack's own page
        assert section.startswith(f"# Stack `{stack_name}`\n")
        assert f"[Download {stack_name}.yaml]({paths.site_link(paths.stack_page(stack_name), template)})" in section
        assert files[template].decode().rstrip("\n") in section  # shown whole
        assert files[template].decode().rstrip("\n") not in page  # not on the overview page as well
        for parameter in stack.parameters:
            assert f"| `{parameter}` |" in section, (stack_name, parameter)
        for output in stack.outputs:
            assert f"`{output}`" in section.split("Outputs: ", 1)[1].split("\n", 1)[0], (stack_name, output)
        for env in stack.environments:
            assert f"]({paths.site_link(here, f'cloudformation/parameters/{env}/{stack_name}.json')})" in page
    for number, stack_name in enumerate(result.order):  # after what it imports, in whatever Region
        assert result.stacks[stack_name].imports - {stack_name} <= set(result.order[:number]), stack_name
    free = [n for n in result.order if result.stacks[n].region and not result.stacks[n].imports - {n}]
    assert result.order[:len(free)] == free  # the other Regions' stacks that import nothing come first
    if free:
        assert f"1. `{free[0]}` in **{result.stacks[free[0]].region}**" in order


def test_every_component_page_links_the_resources_it_becomes(model_files):
    name, _, files = model_files
    model = load_model(MODELS[name]())
    table = component_resources(model)
    placed = {lid for doc in templates(files).values() for lid in doc["Resources"]}
    assert {lid for entries in table.values() for _, lid, _ in entries} == placed  # every resource has its component
    pages = {job.outputs[0]: job for job in page_jobs(model) if job.name.startswith("page component ")}
    for component, entries in table.items():
        job = pages[paths.component_page(component)]
        page = job.run()[paths.component_page(component)].decode()
        for template, lid, _ in entries:
            link = paths.site_link(paths.component_page(component), template)
            assert f"<code>{lid}</code>" in page and f"]({link})" in page, (component, lid)


def test_docs_page_says_the_manual_step_of_every_credential(model_files):
    name, payload, files = model_files
    page = files[paths.page("cloudformation")].decode()
    docs = templates(files)
    kinds = {r["Type"] for d in docs.values() for r in d["Resources"].values()}
    if "AWS::CodeStarConnections::Connection" in kinds:
        assert "Update pending connection" in page
    federated = [s for d in docs.values() for r in d["Resources"].values() if r["Type"] == "AWS::IAM::Role"
                 for s in r["Properties"]["AssumeRolePolicyDocument"]["Statement"] if "Federated" in s["Principal"]]
    if federated:
        assert "create-open-id-connect-provider" in page
    secrets = [r for d in docs.values() for r in d["Resources"].values()
               if r["Type"] == "AWS::SecretsManager::Secret"]
    assert all("GenerateSecretString" in r["Properties"] for r in secrets)  # generated: no value to set by hand
