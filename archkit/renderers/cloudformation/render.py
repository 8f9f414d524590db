"""Payload -> {path: bytes}: one template per stack, one parameter file per stack and environment, the docs page."""
from __future__ import annotations

import json

from ... import paths
from ...build.jobs import canonical_json
from ...errors import RenderError
from . import assemble
from .assemble import build, byte_limit, parameter_file, template
from .page import page, stack_page
from .yamlout import dump


def template_path(stack_name: str) -> str:
    return f"{paths.CLOUDFORMATION_DIR}/{stack_name}.yaml"


def parameters_path(environment: str, stack_name: str) -> str:
    return f"{paths.CLOUDFORMATION_DIR}/parameters/{environment}/{stack_name}.json"


def built_for_listing(payload: dict):
    """The assembled stacks for read-only questions (which files, which resources): listing asks twice per run,
    and assembling is most of a no-op build's CloudFormation cost. Renders assemble afresh."""
    key = canonical_json(payload)
    if _listing_cache.get("key") != key:
        _listing_cache.update(key=key, result=build(payload))
    return _listing_cache["result"]


_listing_cache: dict = {}


def outputs_for(payload: dict) -> list[str]:
    result = built_for_listing(payload)
    files = [template_path(name) for name in result.order]
    files += [parameters_path(env, name) for env in sorted(result.context.environments) for name in result.order
              if env in result.stacks[name].environments]
    return files + [paths.page("cloudformation")] + [paths.stack_page(name) for name in result.order]


def check_text(path: str, text: bytes, stack) -> None:
    """The rendered template within the quotas that split.py estimated: its size and its dynamic references."""
    references, most = text.count(b"{{resolve:"), assemble.stack_rules()["quotas"]["dynamic_references"]
    if len(text) > byte_limit(stack):
        raise RenderError(f"{path} is {len(text)} bytes, more than AWS takes ({byte_limit(stack)})")
    if references > most:
        raise RenderError(f"{path} has {references} dynamic references, more than AWS takes ({most})")


def render_templates(payload: dict) -> dict[str, bytes]:
    result = build(payload)
    files: dict[str, bytes] = {}
    for name in result.order:
        files[template_path(name)] = text = dump(template(result.context, result.stacks[name]))
        check_text(template_path(name), text, result.stacks[name])
        for env in result.stacks[name].environments:
            text = json.dumps(parameter_file(result.stacks[name], env), indent=2, sort_keys=True) + "\n"
            files[parameters_path(env, name)] = text.encode()
    files[paths.page("cloudformation")] = page(result, files, template_path, parameters_path).encode()
    for name in result.order:
        stack = result.stacks[name]
        files[paths.stack_page(name)] = stack_page(result.context, stack, files[template_path(name)],
                                                   template_path(name)).encode()
    return files


def resources_by_component(payload: dict) -> dict[str, list[tuple[str, str, str]]]:
    result = built_for_listing(payload)
    table: dict[str, list[tuple[str, str, str]]] = {}
    for name in result.order:
        for lid, resource in result.stacks[name].resources.items():
            table.setdefault(resource.component, []).append((template_path(name), lid, resource.type))
    return table
