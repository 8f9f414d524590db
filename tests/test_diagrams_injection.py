"""Model text holding DOT, HTML and escString syntax comes out of every diagram as the same plain text."""
import html
import re
from xml.etree import ElementTree

import pytest
import yaml

from archkit.build.producers import all_jobs
from archkit.model import load_model

HOSTILE = ['x"]; a -> b [label="', "<script>alert(1)</script>", "<b>bold</b>", "\\N \\G \\l \\n", "{}|<p>",
           "a & b &amp; c", "end\\", "${AWS::Region} {{ x }}", "]", "]]"]  # a lone "]" broke HTML labels


def model_with(text: str) -> dict:
    return {
        "system": {"name": text},
        "environments": {"dev": {"account": "123456789012", "region": "eu-west-1"}},
        "actors": {"user": {"kind": "browser", "name": text}},
        "components": {"fn": {"type": "lambda", "name": text, "description": text, "runtime": "python3.12"},
                       "table": {"type": "dynamodb-table", "name": text, "partition_key": {"name": "pk"}}},
        "connections": [{"from": "fn", "to": "table", "protocol": text, "purpose": text, "auth": text}],
        "flows": {"f": {"name": text, "steps": [{"from": "user", "to": "fn", "action": text, "protocol": text,
                                                 "failures": [{"when": text, "status": 500, "response": text}]},
                                                {"from": "fn", "to": "table", "action": text, "returns": text}]}},
    }


def svg_texts(svg: bytes) -> list[str]:
    root = ElementTree.fromstring(svg)
    texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    titles = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("title")]
    return texts + titles


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_plain_in_every_svg(tmp_path, text):
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(model_with(text)), encoding="utf-8")
    model = load_model(tmp_path)
    rendered = {}
    for job in all_jobs(model):
        if job.func.startswith("archkit.renderers.graph."):
            rendered.update(job.run())
    svgs = {path: data for path, data in rendered.items() if path.endswith(".svg")}
    assert len(svgs) >= 4
    for path, data in svgs.items():
        root = ElementTree.fromstring(data)  # well-formed
        assert not [e for e in root.iter() if e.tag.endswith("script") or e.tag.endswith("}b")], path
        joined = "\n".join(svg_texts(data))
        # the text may be wrapped over several lines: compare without white space
        assert re.sub(r"\s+", "", text) in re.sub(r"\s+", "", joined), (path, joined[:500])
