"""SAM templates expanded to plain CloudFormation by aws-sam-translator (pinned in requirements.txt)."""
from __future__ import annotations

import copy
import logging
import os

from .reader import fail

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
# Local code locations (before `sam package`) are not S3 URIs; the translator wants one. Code is not architecture.
CODE_KEYS = {"CodeUri": "s3://imported/code.zip", "ContentUri": "s3://imported/layer.zip",
             "DefinitionUri": "s3://imported/definition.yaml"}


def is_sam(template: dict) -> bool:
    transform = template.get("Transform")
    transforms = transform if isinstance(transform, list) else [transform]
    return SAM_TRANSFORM in transforms or any(
        isinstance(r, dict) and str(r.get("Type", "")).startswith("AWS::Serverless::")
        for r in template.get("Resources", {}).values())


def expand(template: dict, display: str) -> dict:
    """The CloudFormation the SAM template stands for, or TemplateError naming what SAM refused."""
    from samtranslator.model.exceptions import InvalidDocumentException, InvalidTemplateException
    from samtranslator.translator.transform import transform

    quiet = logging.getLogger("samtranslator")  # its own notices (e.g. unpublished metrics) are not the user's
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    source = copy.deepcopy(template)
    source["Transform"] = SAM_TRANSFORM
    _placeholder_code(source)
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the translator asks boto3 for a partition
    try:
        result = transform(source, {}, _NoManagedPolicies())
    except (InvalidDocumentException, InvalidTemplateException) as exc:
        causes = getattr(exc, "causes", None) or [exc]
        fail(display, "SAM cannot expand it: " + "; ".join(str(getattr(c, "message", c)) for c in causes),
             "fix the SAM resource named, or pass the template `sam package` or `sam build` writes")
    except Exception as exc:  # the translator raises its own and Python's errors on odd input: one line, no traceback
        fail(display, f"SAM cannot expand it: {type(exc).__name__}: {exc}",
             "check the template with `sam validate`, then import again")
    return result


def _placeholder_code(template: dict):
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties") if isinstance(resource, dict) else None
        if not isinstance(props, dict):
            continue
        for key, placeholder in CODE_KEYS.items():
            if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
                props[key] = placeholder
    globals_ = template.get("Globals", {})
    for section in globals_.values() if isinstance(globals_, dict) else ():
        if isinstance(section, dict) and isinstance(section.get("CodeUri"), str):
            section["CodeUri"] = CODE_KEYS["CodeUri"]


class _NoManagedPolicies:
    """Managed policy names stay names: importing reads no AWS account."""

    def load(self) -> dict:
        return {}
