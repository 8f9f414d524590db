"""lambda-layer -> a layer version whose content is a package in the code bucket (<system>/layers/<id>.zip),
with the runtimes and architectures it supports; functions load it through their `layers`, by its version ARN
(what `Ref` of a layer version returns). A version is retained when the stack replaces or deletes it unless the
model says otherwise: a function still pointing at an old version keeps working."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import Ref
from ._common import code_package
from .base import CfnType

PRIMARY = "Layer"


def build(ctx, comp):
    props: dict = {"LayerName": ctx.physical_name(comp.id), "Description": comp.description or comp.name,
                   "Content": code_package(ctx, f"layers/{comp.id}.zip"),
                   "CompatibleRuntimes": list(comp.get("runtimes")),
                   "CompatibleArchitectures": list(comp.get("architectures"))}
    if comp.get("license"):
        props["LicenseInfo"] = comp.get("license")
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::Lambda::LayerVersion", props,
                     stateful=bool(comp.get("retain_versions")))]


def arns(ctx, comp, action):
    """What lambda:GetLayerVersion applies to (a caller reading the layer's content)."""
    return [Ref(ctx.lid(comp.id, PRIMARY))]


class LambdaLayerType(CfnType):
    catalogue_type = "lambda-layer"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
