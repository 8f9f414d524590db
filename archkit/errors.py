"""Located problems in a model, and the error that carries them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True, order=True)
class Problem:
    location: Location
    path: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " + (f"{self.path}: " if self.path else "")
        return where + self.message + (f"\n    fix: {self.fix}" if self.fix else "")


class ModelError(Exception):
    """The model is invalid; `problems` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        count = len(self.problems)
        head = f"error: the model is invalid ({count} problem{'s' if count != 1 else ''}); nothing was written"
        return head + "\n" + "\n".join(str(p) for p in self.problems)


def did_you_mean(word: object, candidates) -> str:
    """A 'did you mean' hint for a misspelt word, or ''."""
    if not isinstance(word, str):
        return ""
    same_but_case = [c for c in map(str, candidates) if c.lower() == word.lower()]
    if same_but_case:
        return f"did you mean '{same_but_case[0]}'?"
    import difflib  # only when a model is wrong: a good build never pays for it

    matches = difflib.get_close_matches(word, sorted(map(str, candidates)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


class RenderError(Exception):
    """An output could not be rendered (e.g. Graphviz failed or warned, an icon file is missing)."""
