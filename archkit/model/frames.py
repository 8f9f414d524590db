"""A flow's frames (loop, par, alt, opt round steps first..last): each within the flow's steps, and frames either
nested or apart, never half over each other (a sequence diagram could not draw that)."""
from __future__ import annotations


def problems(frames: list, steps: int) -> list[tuple[tuple, str, str]]:
    """(path under the frames list, message, fix) for each frame that cannot be drawn."""
    found, spans = [], []
    for index, frame in enumerate(frames):
        if not isinstance(frame, dict):
            continue
        first, last = frame.get("first"), frame.get("last")
        if not isinstance(first, int) or not isinstance(last, int):
            continue
        if last > steps:
            found.append(((index, "last"), f"step {last} does not exist: the flow has {steps} steps",
                          f"name a step from 1 to {steps}"))
            continue
        if first > last:
            found.append(((index, "first"), f"the frame starts at step {first}, after its last step {last}",
                          "give 'first' a number no greater than 'last'"))
            continue
        for operand in frame.get("operands") or []:
            if isinstance(operand, int) and not first < operand <= last:
                found.append(((index, "operands"), f"step {operand} is not inside the frame ({first + 1}-{last})",
                              "list steps after the frame's first step, up to its last"))
        for other, (a, b) in spans:
            if a < first <= b < last or first < a <= last < b:
                found.append(((index,), f"the frame (steps {first}-{last}) overlaps frame {other + 1} "
                                        f"(steps {a}-{b}) without holding it",
                              "nest one frame inside the other, or keep them apart"))
        spans.append((index, (first, last)))
    return found
