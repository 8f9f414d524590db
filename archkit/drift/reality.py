"""Reading what is deployed: templates, get-template output, or resource listings (JSON)."""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..importer.reader import TemplateError, fail
from ..model import yamlsafe
from ..model.yamlsafe import YamlError

# Resource types the tagging API lists (what get-resources can return), by ARN service and resource kind.
TAGGED = {("lambda", "function"): "AWS::Lambda::Function", ("dynamodb", "table"): "AWS::DynamoDB::Table",
          ("sqs", ""): "AWS::SQS::Queue", ("sns", ""): "AWS::SNS::Topic", ("s3", ""): "AWS::S3::Bucket",
          ("states", "stateMachine"): "AWS::StepFunctions::StateMachine", ("events", "rule"): "AWS::Events::Rule",
          ("events", "event-bus"): "AWS::Events::EventBus", ("logs", "log-group"): "AWS::Logs::LogGroup",
          ("apigateway", "restapis"): "AWS::ApiGateway::RestApi", ("cognito-idp", "userpool"): "AWS::Cognito::UserPool",
          ("cloudfront", "distribution"): "AWS::CloudFront::Distribution", ("cloudwatch", "alarm"): "AWS::CloudWatch::Alarm"}
SUFFIXES = (".yaml", ".yml", ".json", ".template")


@dataclass
class Reality:
    templates: list[Path] = field(default_factory=list)
    resources: dict[str, str] = field(default_factory=dict)  # logical id -> type, from listings
    tagged: bool = False  # a tagging listing: only TAGGED types can be seen


def read_reality(paths: list[Path], scratch: Path) -> Reality:
    reality = Reality()
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        else:
            files.append(path)
    if not files:
        fail(", ".join(map(str, paths)), "holds no template or listing", "pass templates (.yaml, .json) or listings")
    for path in files:
        _read_one(path, reality, scratch)
    return reality


def _read_one(path: Path, reality: Reality, scratch: Path):
    try:
        text = yamlsafe._decode(yamlsafe.read_bounded(path, str(path)), str(path))
    except YamlError as exc:
        raise TemplateError(exc.problem) from None
    except OSError as exc:
        fail(str(path), f"cannot be read: {exc.strerror or exc}", "check the path")
    data = None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            fail(str(path), f"JSON syntax error: {getattr(exc, 'msg', exc)}", "check the file",
                 getattr(exc, "lineno", 0), getattr(exc, "colno", 0))
    if isinstance(data, dict) and "StackResources" in data:
        _stack_resources(path, data["StackResources"], reality)
    elif isinstance(data, dict) and "ResourceTagMappingList" in data:
        _tag_mappings(path, data["ResourceTagMappingList"], reality)
    elif isinstance(data, dict) and "TemplateBody" in data:  # aws cloudformation get-template
        body = data["TemplateBody"]
        target = scratch / f"{len(reality.templates):03d}-{path.stem}.{'json' if isinstance(body, dict) else 'yaml'}"
        target.write_text(json.dumps(body) if isinstance(body, dict) else str(body), encoding="utf-8")
        reality.templates.append(target)
    else:
        reality.templates.append(path)


def _stack_resources(path: Path, items, reality: Reality):
    if not isinstance(items, list):
        fail(str(path), "'StackResources' is not a list", "pass the JSON of describe-stack-resources")
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("LogicalResourceId"), str):
            fail(str(path), f"StackResources[{n}] has no LogicalResourceId", "pass describe-stack-resources JSON")
        if item.get("ResourceStatus", "").startswith("DELETE_COMPLETE"):
            continue
        reality.resources[item["LogicalResourceId"]] = str(item.get("ResourceType", ""))


def _tag_mappings(path: Path, items, reality: Reality):
    if not isinstance(items, list):
        fail(str(path), "'ResourceTagMappingList' is not a list", "pass the JSON of get-resources")
    reality.tagged = True
    for item in items:
        tags = {t.get("Key"): t.get("Value") for t in item.get("Tags", []) if isinstance(t, dict)} \
            if isinstance(item, dict) else {}
        logical = tags.get("aws:cloudformation:logical-id")
        if isinstance(logical, str):
            reality.resources[logical] = arn_type(str(item.get("ResourceARN", "")))


def arn_type(arn: str) -> str:
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return ""
    service, rest = parts[2], parts[5]
    kind = rest.split("/", 1)[0].split(":", 1)[0] if ("/" in rest or ":" in rest) else ""
    return TAGGED.get((service, kind), TAGGED.get((service, ""), ""))


def scratch_folder():
    return tempfile.TemporaryDirectory()
