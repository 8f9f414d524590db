"""What a design review asks of a component, on its node: the type's `review` lines from the catalogue (alarm
threshold and period, log retention, function memory, timeout and concurrency, table keys), filled from the
component's properties in each environment; a line whose value differs between environments is shown per
environment, a line whose properties are not set is left out."""
from __future__ import annotations

import string

from ..model.types import Component, Model

FORMATTER = string.Formatter()


def filled(template: str, properties: dict) -> str | None:
    """The template with the properties' values, None if one it names is not set."""
    shown = {k: ", ".join(map(str, v)) if isinstance(v, list) and v and all(isinstance(i, (str, int)) for i in v)
             else None if v == [] else v for k, v in properties.items()}  # [a, b] as "a, b"; an empty list unset
    try:
        text = FORMATTER.vformat(template, (), shown)
    except (KeyError, IndexError, TypeError):
        return None
    return None if "None" in text.split() else text


def fact_lines(model: Model, component: Component) -> list[str]:
    environments = list(model.environments) or [None]
    lines = []
    for template in component.type.review:
        values = {env: filled(template, component.props(env)) for env in environments}
        distinct = set(values.values()) - {None}
        if len(distinct) == 1 and None not in values.values():
            lines.append(distinct.pop())
        elif distinct:
            lines += [f"{env} {text}" for env, text in values.items() if text is not None]
    return lines


def facts(model: Model, element_id: str) -> list[str]:
    return fact_lines(model, model.components[element_id]) if element_id in model.components else []
