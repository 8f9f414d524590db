"""Model -> generated CloudFormation templates -> import -> model, compared (tests/test_importer_roundtrip.py).

What is compared: the components that become CloudFormation resources (their ids and types), the key properties
in KEY_PROPERTIES, and the connections between components. What may differ, and why, is in WHY_DIFFERENT.
"""
from __future__ import annotations

from pathlib import Path

from archkit.importer import import_templates
from archkit.model import load_model
from archkit.renderers.cloudformation import jobs

KEY_PROPERTIES = {
    "lambda": ("runtime", "handler", "timeout", "architecture", "tracing", "log_group", "dead_letter"),
    "dynamodb-table": ("partition_key", "sort_key", "billing_mode", "stream"),
    "sqs-queue": ("visibility_timeout", "dead_letter", "fifo"),
    "s3-bucket": ("versioning", "encryption"),
    "step-functions": ("workflow",),
    "api-gateway-rest": ("endpoint_type",),
    "sns-topic": (),
    "cognito-user-pool": (),
    "log-group": ("source",),
    "cloudfront": ("price_class",),
    "route53-zone": ("domain",),
    "acm-certificate": ("domain",),
}
# Types that become no resource of their own (external systems) or that the importer names its own way.
NOT_COMPARED_TYPES = {"gitlab-repo", "gitlab-runner", "cloudformation-stack", "metric"}
WHY_DIFFERENT = {
    "per-environment values": "a property that differs by environment is a template parameter without a default;"
                              " the importer keeps the type's default (the values are in the parameter files)",
    "names and descriptions": "a component's display name, owner, links and suppressions are not in templates",
    "metrics": "alarms get a metric component named <alarm>-metric: the model's metric ids are not in templates",
    "flows and pipelines": "flows, actors and pipeline stages are architecture the templates do not hold",
    "connections to actors": "a connection from a person or an outside system leaves no resource",
    "helpers the generator adds": "the templates hold resources the model implies (deploy roles, a function's own"
                                  " log group, an API's access log group, the origin WAF, the pipeline's deploy"
                                  " projects): they come back as components of their own",
    "ids with digits": "logical ids are ids in Pascal case, so api-5xx-alarm comes back as api5xx-alarm",
    "routes and references as connections": "an API route, an origin, a certificate or an access-log bucket"
                                            " becomes a connection too, which the model may not draw",
    "connections without a resource": "a connection that is documentation only (no IAM permission, event source, "
                                      "route, origin, subscription or rule behind it) is not in the templates",
}


def templates_of(model_path: Path, out: Path) -> list[Path]:
    model = load_model(model_path)
    written = []
    for job in jobs(model):
        for rel, data in sorted(job.run().items()):
            if rel.startswith("cloudformation/") and rel.count("/") == 1 and rel.endswith(".yaml"):
                path = out / rel.split("/", 1)[1]
                path.write_bytes(data)
                written.append(path)
    return written


def round_trip(model_path: Path, out: Path) -> dict:
    original = load_model(model_path)
    imported = import_templates(templates_of(model_path, out)).model
    want = {cid: c for cid, c in original.components.items() if c.type.name not in NOT_COMPARED_TYPES}
    # Logical ids are the ids in Pascal case, which drops hyphens before digits (api-5xx -> Api5xx): such ids
    # come back hyphenated differently, and are matched with their hyphens removed.
    folded = {cid.replace("-", ""): cid for cid in want}
    rename = {cid: folded.get(cid.replace("-", ""), cid) for cid in imported["components"]}
    got = {rename[cid]: c for cid, c in imported["components"].items() if c["type"] not in NOT_COMPARED_TYPES}
    imported = {**imported, "connections": [{**c, "from": rename.get(c["from"], c["from"]),
                                             "to": rename.get(c["to"], c["to"])} for c in imported["connections"]]}
    result = {"missing": sorted(set(want) - set(got)), "extra": sorted(set(got) - set(want)),
              "extra_types": sorted({got[cid]["type"] for cid in set(got) - set(want)}),
              "types": sorted(cid for cid in set(want) & set(got) if want[cid].type.name != got[cid]["type"]),
              "properties": [], "connections_missing": [], "connections_extra": []}
    for cid in sorted(set(want) & set(got)):
        comp = want[cid]
        for name in KEY_PROPERTIES.get(comp.type.name, ()):
            if any(name in values for values in comp.overrides.values()):
                continue  # per-environment: a parameter in the templates
            expected = comp.properties.get(name)
            actual = got[cid].get(name, comp.type.properties[name].default)
            if expected is not None and expected != actual:  # an unset one the importer may infer (a log group's source)
                result["properties"].append((cid, name, expected, actual))
    pairs = {(c.source, c.target) for c in original.connections if c.source in want and c.target in want}
    result["with_permissions"] = {(c.source, c.target) for c in original.connections
                                  if c.source in want and c.target in want and c.permissions}
    found = {(c["from"], c["to"]) for c in imported["connections"] if c["from"] in want and c["to"] in want}
    result["connections_missing"] = sorted(pairs - found)
    result["connections_extra"] = sorted(found - pairs)
    result["counts"] = (len(pairs), len(found & pairs))
    return result
