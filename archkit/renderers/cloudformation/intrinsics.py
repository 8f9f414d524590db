"""CloudFormation intrinsic functions as values, so that the YAML writer can print their short forms."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class GetAtt:
    resource: str
    attribute: str


@dataclass(frozen=True)
class Sub:
    """`template` names only pseudo parameters, parameters and keys of `variables`; model text goes in `variables`."""
    template: str
    variables: dict = field(default_factory=dict)
    region_of: str = ""  # the component whose Region `${AWS::Region}` means, when a stack elsewhere uses the value

    def __hash__(self):
        return hash(self.template)


def literal(text: str) -> str:
    """Model text made safe inside a !Sub template: `${` would start a substitution."""
    return text.replace("${", "${!")


def partition_arn(service: str, resource: str, region: bool = True, account: bool = True) -> Sub:
    """arn:${AWS::Partition}:<service>:<region>:<account>:<resource>, model text passed as a variable."""
    parts = ["arn:${AWS::Partition}", service, "${AWS::Region}" if region else "", "${AWS::AccountId}" if account else ""]
    return Sub(":".join(parts) + ":${Name}", {"Name": resource})


def long_form(value):
    """Template data with the intrinsic objects in CloudFormation's long forms, as a template reader returns them
    (what the diff compares and drift imports)."""
    if isinstance(value, Ref):
        return {"Ref": value.name}
    if isinstance(value, GetAtt):
        return {"Fn::GetAtt": [value.resource, value.attribute]}
    if isinstance(value, Sub):
        return {"Fn::Sub": [value.template, long_form(value.variables)] if value.variables else value.template}
    if isinstance(value, dict):
        return {str(k): long_form(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [long_form(v) for v in value]
    return value
