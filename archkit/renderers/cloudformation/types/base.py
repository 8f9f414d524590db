"""The contract of a CloudFormation type module: what every module in this folder promises the assembler.

A module that turns a catalogue type into resources defines one subclass of `CfnType` naming its
`catalogue_type`; types/__init__.py finds the subclasses in the folder's modules, so a new type is a new module
(and its catalogue entry), with no registry to edit. Every hook has a default here, so callers never probe a
module for what it defines. Hooks are static methods taking the build Context (`ctx`) and the component
(`comp`, a context.Comp)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ExtraStack:
    """A stack a type adds beside the layer stacks (a pipeline's roles in the accounts it deploys to)."""
    name: str
    environments: list[str]
    imports: set[str]
    resources: list = field(default_factory=list)  # [context.Resource]
    parameters: list[str] = field(default_factory=list)  # names of the build's parameters it takes


class CfnType:
    catalogue_type: str = ""  # the catalogue type the module renders (required)
    primary: str = ""  # suffix of the logical id of the component's main resource ("" when it has none)

    @staticmethod
    def build(ctx, comp) -> list:
        """The component's resources (context.Resource), of the types its catalogue entry lists."""
        raise NotImplementedError

    @staticmethod
    def arns(ctx, comp, action: str) -> list:
        """The ARN expressions a caller's IAM `action` on the component applies to (never "*"); [] when the type
        has no resource a policy can name (then no statement is written)."""
        return []

    @staticmethod
    def managed_policy(ctx, comp):
        """The AWS-managed policy ARN a caller gets instead of statements (a service without resource ARNs),
        or None."""
        return None

    @staticmethod
    def key_statement(ctx, comp, actions: list[str]) -> list[dict]:
        """Extra statements a caller with `actions` on the component needs (its customer-managed key)."""
        return []

    @staticmethod
    def dimensions(ctx, comp) -> list[dict]:
        """The CloudWatch metric dimensions that identify the component (an alarm on its metrics)."""
        return []

    @staticmethod
    def colocate(ctx, comp) -> str:
        """The component whose stack this component's resources join ("" for its own layer's stack)."""
        return ""

    @staticmethod
    def complete(ctx, comp, stacks: dict, order: list[str]) -> list:
        """Resources that need the placed stacks (a pipeline deploying them); they join the primary's stack."""
        return []

    @staticmethod
    def extra_stacks(ctx, comp, stacks: dict, owner: dict[str, str]) -> list[ExtraStack]:
        """Stacks the component adds beside the layer stacks, once every stack is complete."""
        return []

    @staticmethod
    def alias_target(ctx, comp) -> dict | None:
        """A Route 53 alias target for the component, or None when a record cannot alias it."""
        return None

    @staticmethod
    def origin_domain(ctx, comp):
        """The domain a CloudFront origin reaches the component at (None: it cannot be an origin)."""
        return None

    @staticmethod
    def origin_path(ctx, comp):
        """The path CloudFront prefixes to requests to the component as an origin (None for none)."""
        return None

    @staticmethod
    def origin_headers(ctx, comp) -> list[dict]:
        """Headers CloudFront adds so the origin can refuse requests that bypass it."""
        return []
