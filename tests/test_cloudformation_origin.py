"""CloudFront's `access: custom-header` origin: CloudFront sends a secret header read from Secrets Manager, and a
REGIONAL web ACL on every API stage blocks requests without it; the secret is never a literal in a template."""
from __future__ import annotations

import re

from archkit.model import load_model
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from conftest import MODEL

DYNAMIC = re.compile(r"^\{\{resolve:secretsmanager:\$\{Secret\}:SecretString:value\}\}$")


def documents(payload) -> dict[str, dict]:
    files = render_templates(payload)
    return {p.split("/")[1][:-5]: load(b) for p, b in files.items() if p.count("/") == 1 and p.endswith(".yaml")}


def header_origins(payload):
    return [(c, o) for c in payload["components"] if c["type"] == "cloudfront"
            for o in c["properties"]["origins"] if o.get("access") == "custom-header"]


def test_cloudfront_sends_the_secret_and_the_api_blocks_requests_without_it():
    payload = templates_payload(load_model(MODEL))
    docs = documents(payload)
    assert header_origins(payload), "the default model has a custom-header origin"
    for cdn, spec in header_origins(payload):
        lid = "".join(w.title() for w in cdn["id"].split("-")) + "Distribution"
        stack = next(d for d in docs.values() if lid in d["Resources"])
        origin = next(o for o in stack["Resources"][lid]["Properties"]["DistributionConfig"]["Origins"]
                      if o["Id"] == spec["name"])
        (header,) = origin["OriginCustomHeaders"]
        template, variables = header["HeaderValue"]["Fn::Sub"]
        assert DYNAMIC.match(template)
        secret_export = variables["Secret"]["Fn::ImportValue"]["Fn::Sub"]
        api = "".join(w.title() for w in spec["target"].split("-"))
        app = next(d for d in docs.values() if api + "OriginWebAcl" in d["Resources"])
        assert secret_export.endswith(api + "OriginSecret")
        assert app["Outputs"][api + "OriginSecret"]["Export"]["Name"]["Fn::Sub"] == secret_export
        acl = app["Resources"][api + "OriginWebAcl"]["Properties"]
        assert acl["Scope"] == "REGIONAL" and acl["DefaultAction"] == {"Block": {}}
        allow = next(r for r in acl["Rules"] if r.get("Action") == {"Allow": {}})
        match = allow["Statement"]["ByteMatchStatement"]
        assert match["FieldToMatch"]["SingleHeader"]["Name"] == header["HeaderName"].lower()
        assert match["SearchString"] == {"Fn::Sub": [template, {"Secret": {"Ref": api + "OriginSecret"}}]}
        stages = {lid for lid, r in app["Resources"].items() if r["Type"] == "AWS::ApiGateway::Stage"}
        associated = {r["Properties"]["ResourceArn"]["Fn::Sub"][1]["Stage"]["Ref"]: r.get("Condition")
                      for r in app["Resources"].values() if r["Type"] == "AWS::WAFv2::WebACLAssociation"}
        assert set(associated) == stages
        assert all(associated[s] == app["Resources"][s]["Condition"] for s in stages)
        secret = app["Resources"][api + "OriginSecret"]["Properties"]
        assert "SecretString" not in secret and secret["GenerateSecretString"]["GenerateStringKey"] == "value"
        assert secret["KmsKeyId"] == {"Ref": api + "OriginSecretKey"}


def test_without_a_custom_header_origin_the_api_gets_no_origin_acl():
    payload = templates_payload(load_model(MODEL))
    for component in payload["components"]:
        if component["type"] == "cloudfront":
            for origin in component["properties"]["origins"]:
                origin["access"] = "public" if origin.get("access") == "custom-header" else origin.get("access")
    result = build(payload)
    kinds = {r.type for s in result.stacks.values() for r in s.resources.values()}
    assert not kinds & {"AWS::SecretsManager::Secret", "AWS::WAFv2::WebACLAssociation"}
