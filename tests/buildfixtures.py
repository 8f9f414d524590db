"""A tiny producer for testing the build framework without any real renderer."""
from archkit.build.jobs import Job

FUNC = "buildfixtures:render"


def render(payload) -> dict[str, bytes]:
    return {path: f"{path}: {payload['text']}\n".encode() for path in payload["paths"]}


def job(name: str, text: str, *paths: str, heavy: bool = False) -> Job:
    return Job(name=name, outputs=tuple(paths), func=FUNC, payload={"text": text, "paths": list(paths)}, heavy=heavy)
