"""Nothing about the default system is written into the package: it must render any model."""
import re

from archkit.model import load_catalogue, load_model
from conftest import MODEL, ROOT


def seed_words() -> set[str]:
    model = load_model(MODEL)
    words = {model.system.name.lower()} | set(model.components) | set(model.flows) | set(model.pipelines)
    words |= {e.domain for e in model.environments.values() if e.domain}
    words |= {e.account for e in model.environments.values()}
    # ids that are also ordinary words of the field say nothing about this system
    generic = {"tracing", "request", "auth", "site", "frontend", "infrastructure", "export"} | set(load_catalogue().types)
    return words - generic


def test_package_names_nothing_of_the_default_model():
    words = seed_words()
    offenders = []
    for path in sorted((ROOT / "archkit").rglob("*")):
        if path.suffix not in (".py", ".yaml", ".md", ".css", ".js", ".html", ".j2") or "__pycache__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8").lower()
        for word in words:
            if re.search(rf"(?<![a-z0-9-]){re.escape(word.lower())}(?![a-z0-9-])", text):
                offenders.append(f"{path.relative_to(ROOT)}: {word}")
    assert not offenders, offenders
