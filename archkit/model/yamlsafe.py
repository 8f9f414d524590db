"""Safe YAML reading with positions.

PyYAML's safe_load keeps the last of duplicate keys, expands aliases without bound and turns `off` into False.
This reader composes the node graph with a restricted loader and builds plain values itself, so that it can
refuse what would lose data and remember where every value came from.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml

from ..errors import Location, Problem

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_TEXT = 64 * 1024  # characters in one value: more is pasted data, not architecture

STR, INT, FLOAT, BOOL, NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))
MAP, SEQ, MERGE, TIMESTAMP = (f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "merge", "timestamp"))
ALLOWED_TAGS = {STR, INT, FLOAT, BOOL, NULL, MAP, SEQ, MERGE, TIMESTAMP}
# Characters XML 1.0 cannot hold (escaped ones like "\0" or "\uFFFF" reach here decoded): they would break SVG/HTML.
DYNAMIC_REFERENCE = re.compile(r"\{\{\s*resolve\s*:", re.IGNORECASE)  # CloudFormation resolves it at deploy time
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class _Loader(yaml.SafeLoader):
    """SafeLoader whose booleans are YAML 1.2's: only true/false (so `mfa: OFF` stays a string)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

_CParser = getattr(getattr(yaml, "cyaml", None), "CParser", None)

if _CParser is not None:
    class _FastLoader(yaml.composer.Composer, _CParser, yaml.resolver.Resolver):
        """libyaml scans and parses (about 9x faster than PyYAML's Python scanner); PyYAML's Python composer builds
        the nodes. libyaml's own composer recurses in C and crashes on hostile nesting; this one raises
        RecursionError instead."""

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


class YamlError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class Positions(dict):
    """Maps a path (tuple of keys and indexes) to the Location of its value; `keys` to that of its key."""

    def __init__(self):
        super().__init__()
        self.keys: dict[tuple, Location] = {}


def read_bounded(path: Path, display: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; a device, FIFO or folder is refused unread
    (O_NONBLOCK: opening a FIFO does not wait for a writer)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            _fail(display, 0, 0, "is not a regular file (a device, FIFO, socket or folder)",
                  "model files must be plain YAML files; remove or replace it")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        size = max(size, info.st_size)
        _fail(display, 0, 0, f"file is {size:,} bytes or more; a model file may hold at most {MAX_FILE_BYTES:,}",
              "split the model into several files in the model folder, or remove generated bulk")
    return b"".join(chunks)


def read_yaml(path: Path, display: str) -> tuple[object, Positions]:
    """Parse one YAML file into plain values and their positions, or raise YamlError."""
    raw = read_bounded(path, display)
    text = _decode(raw, display)
    if not text.strip():
        _fail(display, 1, 1, "file is empty", "add at least one section, e.g. 'components:'")
    node = _compose_fast(text)
    if node is _FAILED:
        node = _compose(text, display)
    if node is None:
        _fail(display, 1, 1, "file holds only comments", "add at least one section, e.g. 'components:'")
    positions = Positions()
    builder = _Builder(display, positions)
    return builder.build(node, ()), positions


_FAILED = object()
# Text the two readers treat differently (PyYAML refuses some tabs, BOMs and characters that libyaml lets
# through): the Python reader decides. tests/test_yaml_fast_path.py fuzzes both readers for other differences.
_PYTHON_ONLY = re.compile("[\t\ufeff]|" + yaml.reader.Reader.NON_PRINTABLE.pattern)


def _compose_fast(text: str):
    """The node graph by libyaml, or _FAILED: any error is left to the Python reader, which words and locates it."""
    if _CParser is None or _PYTHON_ONLY.search(text):
        return _FAILED
    try:
        return yaml.compose(text, Loader=_FastLoader)
    except (yaml.YAMLError, RecursionError):
        return _FAILED


def _compose(text: str, display: str):
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.composer.ComposerError as exc:
        if "single document" in str(exc):
            mark = exc.problem_mark
            _fail(display, mark.line + 1, mark.column + 1, "file holds more than one YAML document ('---')",
                  "keep one document per file; put the rest in another file of the model folder")
        _yaml_fail(display, exc)
    except yaml.YAMLError as exc:
        _yaml_fail(display, exc)
    except RecursionError:
        _fail(display, 0, 0, "nesting is too deep to read", f"keep nesting under {MAX_DEPTH} levels")


def _decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        _fail(display, line, column, f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", "save the file as UTF-8")


def _yaml_fail(display: str, exc: yaml.YAMLError):
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    fix = "check the indentation and quoting near this line"
    if "\\t" in problem or "'\\t'" in str(exc):
        problem, fix = "a tab character is used for indentation", "indent with spaces, never tabs"
    _fail(display, line, column, f"YAML syntax error: {problem}", fix)


def _fail(file: str, line: int, column: int, message: str, fix: str):
    raise YamlError(Problem(Location(file, line, column), "", message, fix))


class _Builder:
    def __init__(self, display: str, positions: Positions):
        self.display = display
        self.positions = positions
        self.count = 0

    def loc(self, node) -> Location:
        return Location(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node, message: str, fix: str):
        loc = self.loc(node)
        _fail(loc.file, loc.line, loc.column, message, fix)

    def build(self, node, path: tuple, depth: int = 0):
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(node, f"more than {MAX_NODES:,} values (an alias-expansion bomb?)",
                      "remove the repeated aliases (*name); write the values out")
        if depth > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels", "flatten the structure")
        self.check_tag(node)
        self.positions.setdefault(path, self.loc(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def check_tag(self, node):
        if node.tag not in ALLOWED_TAGS:
            self.fail(node, f"tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed",
                      "remove the tag; a model holds plain mappings, lists, text, numbers and booleans")

    def scalar(self, node):
        if len(node.value) > MAX_TEXT:
            self.fail(node, f"a value of {len(node.value):,} characters; the most is {MAX_TEXT:,}",
                      "shorten it, or link to a document instead of pasting it")
        bad = UNPRINTABLE.search(node.value)
        if bad:
            self.fail(node, f"the value holds the control character U+{ord(bad.group()):04X}",
                      "remove it; text in a model is printable (tabs and line breaks are fine)")
        if DYNAMIC_REFERENCE.search(node.value):
            self.fail(node, "the value holds '{{resolve:', a CloudFormation dynamic reference: CloudFormation would "
                            "replace it with the value of a parameter or secret at deploy time, wherever it lands",
                      "write it another way, e.g. '{ {resolve:'; text in a model never reads a parameter or secret")
        if node.tag in (STR, TIMESTAMP):
            return node.value
        if node.tag == NULL:
            return None
        if node.tag == BOOL:
            return node.value.lower() == "true"
        constructor = _Loader.yaml_constructors[node.tag]
        return constructor(yaml.constructor.SafeConstructor(), node)

    def mapping(self, node, path: tuple, depth: int) -> dict:
        result: dict = {}
        seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                self.merge(value_node, result, path, depth)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a mapping key must be plain text", "use a simple word as the key")
            self.check_tag(key_node)
            key = self.scalar(key_node)
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in seen:
                first = seen[key]
                self.fail(key_node, f"duplicate key '{key}' (first at line {first.line})",
                          "remove one of them; YAML would silently keep only the last")
            seen[key] = self.loc(key_node)
            self.positions.keys[path + (key,)] = self.loc(key_node)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def merge(self, value_node, result: dict, path: tuple, depth: int):
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self.fail(source, "'<<' merges only mappings", "point '<<' at an anchored mapping")
            for key, value in self.mapping(source, path, depth).items():
                result.setdefault(key, value)
