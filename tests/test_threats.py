"""The threat model: threats derived from a test model's facts, accepted threats, the page, the data-flow diagram,
the Threat Dragon and OTM exports (validated against their vendored schemas) and open threats as findings."""
import json
from pathlib import Path

import jsonschema
import pytest

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.threats import exports
from archkit.threats.base import STRIDE, ThreatRule
from archkit.threats.data import payload
from archkit.threats.dfd import dfd_view
from archkit.threats.engine import analyse
from archkit.site.diagram import shown_on_pages
from archkit.threats.page import PATH, render
from archkit.threats.registry import ThreatRuleError, check, threat_rules
from conftest import MODEL, ROOT, run_generate

TEST_MODEL = ROOT / "tests/models/threats/model.yaml"
SCHEMAS = ROOT / "tests/schemas/threats"


@pytest.fixture(scope="module")
def shop():
    model = load_model(TEST_MODEL)
    return model, analyse(model)


def statuses(threats, element):
    return {t.rule.id: t.status for t in threats.of(element)}


def test_crossings_are_the_connections_between_zones_and_across_accounts(shop):
    _, threats = shop
    crossed = {c.id: c.boundary for c in threats.crossings}
    assert set(crossed) == {"shopper->orders-api", "partner->feed-queue", "shopper->media-bucket", "pipeline->stack"}
    assert crossed["pipeline->stack"] == "account 333333333333 → account 444444444444"
    assert [c.number for c in threats.crossings] == [1, 2, 3, 4]
    assert {s.id for s in threats.stores} == {"orders-table", "feed-queue", "media-bucket", "artifacts"}


def test_every_crossing_and_store_gets_stride_entries_from_the_facts(shop):
    _, threats = shop
    assert statuses(threats, "shopper->orders-api") == {"TM001": "open", "TM002": "mitigated", "TM003": "mitigated",
                                                         "TM005": "open", "TM006": "open"}
    assert statuses(threats, "partner->feed-queue")["TM002"] == "open"  # HTTP: in the clear
    assert statuses(threats, "pipeline->stack")["TM007"] == "mitigated"  # listed actions only
    assert statuses(threats, "orders-table") == {"TM101": "mitigated", "TM103": "open", "TM104": "open"}
    assert statuses(threats, "feed-queue")["TM101"] == "open"
    assert statuses(threats, "media-bucket") == {"TM101": "mitigated", "TM102": "open", "TM103": "open"}
    for crossing in threats.crossings:
        assert threats.of(crossing.id), crossing.id


def test_a_mitigation_names_the_element_and_an_open_threat_its_fix(shop):
    _, threats = shop
    assert not threats.of("orders-api->orders-fn")  # inside one zone: no crossing, no threats
    spoof = next(t for t in threats.of("pipeline->stack") if t.rule.id == "TM001")
    assert spoof.status == "mitigated" and spoof.by == "stack" and "pipeline role" in spoof.detail
    broad = next(t for t in threats.of("orders-table") if t.rule.id == "TM104")
    assert "dynamodb:*" in broad.detail and broad.rule.fix


def test_accepted_threat_keeps_its_reason(shop):
    _, threats = shop
    accepted = [t for t in threats.threats if t.status == "accepted"]
    assert [(t.rule.id, t.element) for t in accepted] == [("TM006", "shopper->media-bucket")]
    assert accepted[0].reason.startswith("Public images") and accepted[0].location.line > 1


def test_accepting_an_unknown_element_is_a_located_error(tmp_path):
    text = TEST_MODEL.read_text().replace("element: shopper->media-bucket", "element: shopper->media-buckets")
    (tmp_path / "model.yaml").write_text(text)
    with pytest.raises(ModelError) as caught:
        load_model(tmp_path / "model.yaml")
    report = caught.value.report()
    assert "no component or connection 'shopper->media-buckets'" in report and "shopper->media-bucket" in report


def test_accepting_a_threat_that_is_not_open_is_noted(tmp_path):
    text = TEST_MODEL.read_text().replace("threat: TM006, element: shopper->media-bucket",
                                          "threat: TM003, element: shopper->media-bucket")
    (tmp_path / "model.yaml").write_text(text)
    done = run_generate("--validate", "--model", str(tmp_path / "model.yaml"))
    assert "NOTE accepted threat TM003 on shopper->media-bucket matches no open threat" in done.stderr


def test_threat_rules_are_well_formed_and_one_per_file():
    rules = threat_rules()
    assert len(rules) >= 10 and len({r.id for r in rules}) == len(rules)
    assert {r.stride for r in rules} == set(STRIDE)
    files = sorted(p.stem for p in (ROOT / "archkit/threats/builtin").glob("tm*.py"))
    assert [f.split("_")[0].upper() for f in files] == [r.id for r in rules]

    class Bad(ThreatRule):
        id, stride, title, description, fix = "TM9", "S", "t", "d", "f"
    with pytest.raises(ThreatRuleError, match="TM and three digits"):
        check(Bad, "test")


def test_page_lists_every_flow_with_its_number_and_every_store(shop):
    model, threats = shop
    diagrams = shown_on_pages([dfd_view(model, threats)])[PATH]  # what the page job adds: the views say so
    page = render({**payload(model, threats), "diagrams": diagrams})["docs/architecture/threats.md"].decode()
    assert '<object type="image/svg+xml" data="../diagrams/threats.svg"' in page
    for crossing in threats.crossings:
        assert f"### F{crossing.number}: " in page and f"{{#f{crossing.number}}}" in page
    for store in threats.stores:
        assert f"{{#store-{store.id}}}" in page
    assert "**open**" in page and "Fix: list the exact actions" in page
    assert "Accepted: Public images" in page
    assert "exports/threat-dragon.json" in page and "diagrams/threats.svg" in page


def test_diagram_numbers_the_flows_as_the_page_does_and_draws_the_zones(shop):
    model, threats = shop
    view = dfd_view(model, threats)
    labels = sorted(e.label.split()[0] for e in view.edges if e.label)
    assert labels == sorted(f"F{c.number}" for c in threats.crossings)
    assert {c.id for c in view.clusters} == {"zone-internet", "zone-region"}
    open_flows = {e.label.split()[0] for e in view.edges if e.dot}
    assert open_flows == {"F1", "F2", "F3", "F4"}  # each has an open threat (red)
    from archkit.renderers.graph.producer import render as draw

    svg = draw(view)["diagrams/threats.svg"].decode()
    for crossing in threats.crossings:
        assert f">F{crossing.number} " in svg or f">F{crossing.number}<" in svg


def validator(name):
    schema = json.loads((SCHEMAS / name).read_text())
    return jsonschema.Draft7Validator(schema)  # as Threat Dragon's Ajv reads it


@pytest.mark.parametrize("path", [TEST_MODEL, MODEL])
def test_exports_validate_against_their_schemas(path):
    model = load_model(path)
    data = payload(model, analyse(model))
    dragon, otm = exports.threat_dragon(data), exports.otm(data)
    assert not [e.message for e in validator("threat-dragon-v2.schema.json").iter_errors(dragon)]
    assert not [e.message for e in validator("otm_schema.json").iter_errors(otm)]
    cells = dragon["detail"]["diagrams"][0]["cells"]
    ids = [c["id"] for c in cells]
    assert len(set(ids)) == len(ids)
    for flow in (c for c in cells if c["shape"] == "flow"):
        assert flow["source"]["cell"] in ids and flow["target"]["cell"] in ids
    numbered = [c for c in cells if c["shape"] == "flow" and c["data"]["name"].startswith("F")]
    assert len(numbered) == len(data["flows"]) and all(c["data"]["threats"] for c in numbered)
    listed = {t["id"] for t in otm["threats"]}
    used = {i["threat"] for part in ("components", "dataflows") for e in otm[part] for i in e.get("threats", [])}
    assert used == listed == {t["id"] for t in data["threats"]}
    assert exports.render(data) == exports.render(payload(model, analyse(load_model(path))))  # deterministic


def test_a_broken_export_fails_the_schema(shop):
    model, threats = shop
    dragon = exports.threat_dragon(payload(model, threats))
    del dragon["detail"]["diagrams"][0]["cells"][0]["zIndex"]
    assert list(validator("threat-dragon-v2.schema.json").iter_errors(dragon))


def test_open_threats_are_sarif_findings_and_fail_on_applies(tmp_path):
    sarif = tmp_path / "out.sarif"
    args = ["--validate", "--model", str(TEST_MODEL), "--findings", f"sarif:{sarif}"]
    assert run_generate(*args).returncode == 0
    run = json.loads(sarif.read_text())["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "TM001" in ids and "SEC001" in ids
    threats = [r for r in run["results"] if r["ruleId"].startswith("TM")]
    assert any(r["ruleId"] == "TM102" and r["level"] == "error" for r in threats)
    assert [r["suppressions"][0]["justification"] for r in threats if "suppressions" in r] == \
        ["Public images: who loads them does not matter"]
    for result in threats:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("model.yaml")
    assert run_generate(*args[:3], "--fail-on", "error").returncode == 1


def test_accepted_threats_need_no_rule_error_for_the_default_model():
    done = run_generate("--validate", "--fail-on", "info")
    assert done.returncode == 0, done.stderr
    assert " 0 open, " in done.stdout


def test_edge_facts_viewer_policy_waf_and_wildcards_decide_the_threats():
    from rulekit import fragment

    def threats_of(text):
        model = fragment(text)
        return model, analyse(model)

    base = """
    components:
      site: {type: s3-bucket}
      waf: {type: waf-web-acl}
      cdn:
        type: cloudfront
        {extra}
        origins: [{name: site, target: site}]
    connections:
      - {from: user, to: cdn, protocol: HTTPS, auth: none needed}
      - {from: user, to: site, protocol: AWS SDK, auth: SigV4, permissions: ["s3:*"]}
    """
    _, loose = threats_of(base.replace("{extra}", "viewer_protocol_policy: allow-all"))
    assert statuses(loose, "user->cdn")["TM004"] == "open" and statuses(loose, "user->cdn")["TM005"] == "open"
    assert statuses(loose, "user->site")["TM007"] == "open"
    assert "s3:*" in next(t.detail for t in loose.of("user->site") if t.rule.id == "TM007")
    _, tight = threats_of(base.replace("{extra}", "web_acl: waf"))
    flood = next(t for t in tight.of("user->cdn") if t.rule.id == "TM005")
    assert (flood.status, flood.by) == ("mitigated", "waf")
    assert statuses(tight, "user->cdn")["TM004"] == "mitigated"


def test_a_proxy_that_logs_what_it_forwards_records_the_calls_behind_it(tmp_path):
    """CloudFront with an access log in front of a bucket without one: each forwarded request is in CloudFront's log
    (TM006 mitigated by that log); without the distribution's log the call is unrecorded."""
    text = """
system: {name: proxy}
environments: {dev: {account: '111111111111', region: eu-west-1}}
actors: {visitor: {kind: end-user}}
components:
  edge: {type: cloudfront, access_log_bucket: edge-logs, origins: [{name: files, target: files}]}
  files: {type: s3-bucket, purpose: static-site, served_by: edge}
  edge-logs: {type: s3-bucket, purpose: logs}
connections:
  - {from: visitor, to: edge, protocol: https}
  - {from: edge, to: files, protocol: https}
"""
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.yaml").write_text(text)
    threats = analyse(load_model(folder))
    logged = next(t for t in threats.of("edge->files") if t.rule.id == "TM006")
    assert logged.status == "mitigated" and logged.by == "edge-logs"
    (folder / "model.yaml").write_text(text.replace(" access_log_bucket: edge-logs,", ""))
    unlogged = next(t for t in analyse(load_model(folder)).of("edge->files") if t.rule.id == "TM006")
    assert unlogged.status == "open"
