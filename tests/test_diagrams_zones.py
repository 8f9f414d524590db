"""AWS group conventions in the overview: the global services box holds only what the catalogue says is global
(CloudFront, Route 53, a CLOUDFRONT-scope web ACL, a us-east-1 certificate, IAM); everything regional, whatever
its layer, sits in the Region, whose box names the accounts; boxes drawn as AWS draws its groups."""
from __future__ import annotations

import yaml

from archkit.model import load_model
from archkit.renderers.graph import style
from archkit.views.infrastructure import infrastructure_view
from archkit.layout.zones import zone_of

MODEL = {
    "system": {"name": "Zones"},
    "environments": {"dev": {"name": "Development", "account": "111111111111", "region": "eu-west-1"},
                     "prod": {"name": "Production", "account": "222222222222", "region": "eu-west-1"}},
    "actors": {"user": {"kind": "browser", "name": "Browser"}},
    "components": {
        "zone": {"type": "route53-zone", "domain": "example.com", "records": [{"name": "@", "alias_to": "cdn"}]},
        "edge-cert": {"type": "acm-certificate", "domain": "example.com"},
        "api-cert": {"type": "acm-certificate", "domain": "api.example.com", "region": "eu-west-1"},
        "edge-acl": {"type": "waf-web-acl", "scope": "CLOUDFRONT"},
        "api-acl": {"type": "waf-web-acl", "scope": "REGIONAL", "region": "eu-west-1"},
        "cdn": {"type": "cloudfront", "certificate": "edge-cert", "web_acl": "edge-acl",
                "origins": [{"name": "site", "target": "site"}]},
        "site": {"type": "s3-bucket", "layer": "edge", "purpose": "static-site", "served_by": "cdn"},
    },
    "connections": [{"from": "user", "to": "cdn", "protocol": "HTTPS"},
                    {"from": "cdn", "to": "site", "protocol": "S3"}],
}


def loaded(tmp_path):
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(MODEL), encoding="utf-8")
    return load_model(tmp_path)


def test_only_global_services_are_in_the_global_box(tmp_path):
    model = loaded(tmp_path)
    zones = {cid: zone_of(model, cid) for cid in model.components}
    assert {cid for cid, zone in zones.items() if zone == "global"} == {"zone", "edge-cert", "edge-acl", "cdn"}
    assert {cid for cid, zone in zones.items() if zone == "region"} == {"api-cert", "api-acl", "site"}


def test_a_regional_bucket_of_the_edge_layer_sits_in_the_regions_data_box(tmp_path):
    view = infrastructure_view(loaded(tmp_path))
    box = {n.id: n.cluster for n in view.nodes}
    clusters = {c.id: c for c in view.clusters}
    assert box["site"] == "layer-region-data" and clusters["layer-region-data"].parent == "zone-region"
    assert box["cdn"].startswith("layer-global-")


def test_the_boxes_follow_aws_group_conventions(tmp_path):
    view = infrastructure_view(loaded(tmp_path))
    clusters = {c.id: c for c in view.clusters}
    region, edge = clusters["zone-region"], clusters["zone-global"]
    assert region.look == "region" and style.LOOKS["region"]["pencolor"] == "#00A4A6"
    assert "eu-west-1" in region.label and "111111111111" in region.label and "222222222222" in region.label
    assert edge.look == "global" and "us-east-1" in edge.label
    for look in ("region", "global", "outside"):
        assert style.LOOKS[look]["bgcolor"] == "#FFFFFF"  # outlined, not filled
    layer_fill = style.LOOKS["layer"]["bgcolor"]
    assert all(int(layer_fill[i:i + 2], 16) >= 0xF0 for i in (1, 3, 5))  # layer boxes nearly unfilled


def test_a_flow_draws_the_aws_cloud_and_account_around_global_services_and_the_region(tmp_path):
    from archkit.views.flows import flow_view

    document = dict(MODEL, flows={"get": {"name": "Get", "steps": [
        {"from": "user", "to": "cdn", "action": "GET /"}, {"from": "cdn", "to": "site", "action": "read"}]}})
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    model = load_model(tmp_path)
    clusters = {c.id: c for c in flow_view(model, model.flows["get"]).clusters}
    assert clusters["aws-cloud"].look == "cloud" and clusters["aws-cloud"].parent == ""
    account = clusters["aws-account"]
    assert account.parent == "aws-cloud" and "111111111111" in account.label and "222222222222" in account.label
    assert clusters["zone-global"].parent == clusters["zone-region"].parent == "aws-account"
    assert clusters["zone-internet"].parent == ""
    assert "111111111111" not in clusters["zone-region"].label  # said once, by the account box
