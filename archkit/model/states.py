"""A state machine's states as the model gives them: a flat list where a state `in` a Map or Parallel state belongs
to its iterator (or to one of its branches), and each state goes on to the next one of its scope unless it names
`next` or `end`. One place for the scoping rules, read by the model's checks and by the template."""
from __future__ import annotations

TERMINAL = {"Choice", "Succeed", "Fail"}  # states that neither take `next` by default nor end by it
CONTAINERS = {"Map", "Parallel"}


def scope_of(state: dict) -> tuple[str, int]:
    return state.get("in") or "", int(state.get("branch") or 1) if state.get("in") else 0


def scopes(states: list[dict]) -> dict[tuple[str, int], list[dict]]:
    """(container name, branch) -> its states in order; ("", 0) is the machine's own."""
    found: dict[tuple[str, int], list[dict]] = {}
    for state in states:
        found.setdefault(scope_of(state), []).append(state)
    return found


def invoking(states: list[dict], function_id: str) -> list[str]:
    """The names of the Task states that invoke a function, in the order the model gives them."""
    return [s["name"] for s in states if s.get("function") == function_id]


def following(state: dict, members: list[dict]) -> str:
    """Where a state goes next: its `next`, else the next state of its scope ("" at the end)."""
    if state.get("next"):
        return state["next"]
    position = next(i for i, s in enumerate(members) if s is state)
    return members[position + 1]["name"] if position + 1 < len(members) else ""


def problems(states: list[dict]) -> list[tuple[tuple, str, str]]:
    """(path below `states`, what is wrong, fix) for names that lead nowhere and states missing what their type
    needs."""
    found: list[tuple[tuple, str, str]] = []
    kinds = {s["name"]: s.get("type", "Task") for s in states}
    groups = scopes(states)
    for index, state in enumerate(states):
        scope = scope_of(state)
        names = [s["name"] for s in groups[scope]]
        if scope[0] and kinds.get(scope[0]) not in CONTAINERS:
            found.append(((index, "in"), f"'{scope[0]}' is not a Map or Parallel state of this machine",
                          "name a state of type Map or Parallel, or remove 'in'"))
        targets = [(("next",), state.get("next")), (("default",), state.get("default"))]
        targets += [(("choices", i, "next"), c["next"]) for i, c in enumerate(state.get("choices") or [])]
        targets += [(("catch", i, "next"), c["next"]) for i, c in enumerate(state.get("catch") or [])]
        for where, target in targets:
            if target and target not in names:
                found.append(((index, *where), f"no state '{target}' where '{state['name']}' is",
                              "name a state of the same branch: " + ", ".join(names)))
        found += [((index,), message, fix) for message, fix in needs(state, groups)]
    return found


def needs(state: dict, groups) -> list[tuple[str, str]]:
    kind = state.get("type", "Task")
    missing = {"Task": ("function", "add 'function: <id of a lambda>'"), "Wait": ("seconds", "add 'seconds: <n>'"),
               "Choice": ("choices", "add 'choices: [{variable: $.x, equals: value, next: <state>}]'")}
    found = []
    if kind in missing and not state.get(missing[kind][0]):
        found.append((f"a {kind} state needs '{missing[kind][0]}'", missing[kind][1]))
    if kind in CONTAINERS and not any(scope[0] == state["name"] for scope in groups):
        found.append((f"the {kind} state '{state['name']}' holds no states",
                      f"add states with 'in: {state['name']}'"))
    return found
