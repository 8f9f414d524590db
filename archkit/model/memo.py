"""Indexes of a model built once per model: views, rules and pages ask questions per element ("what observes
this?"), and a scan of the whole model for each is quadratic (minutes at 2,000 components)."""
from __future__ import annotations

import functools

_held: dict[str, tuple[object, object]] = {}


def per_model(build):
    """Memoise `build(model)` for the model it was last called with (the model is frozen; one is held at a
    time, so a process that loads many models keeps none alive but the last)."""
    key = f"{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def get(model):
        held = _held.get(key)
        if held is None or held[0] is not model:
            held = _held[key] = (model, build(model))
        return held[1]
    return get
