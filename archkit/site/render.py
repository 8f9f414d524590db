"""Showing model values on a page: refs become links, nested values become readable text or sub-tables."""
from __future__ import annotations

from .. import paths
from . import md


class PageContext:
    """The page being written (for relative links) and the names of the elements it mentions."""

    def __init__(self, page_path: str, names: dict):
        self.page_path = page_path
        self.names = names

    def element(self, element_id: str) -> str:
        entry = self.names.get(element_id, {"name": element_id, "component": False})
        if entry["component"]:
            return md.link(entry["name"], paths.relative(self.page_path, paths.component_page(element_id)))
        return md.text(entry["name"])

    def to(self, target_file: str, label: str) -> str:
        return md.link(label, paths.relative(self.page_path, target_file))

    def value(self, value, spec: dict | None = None) -> str:
        """One value, inline."""
        spec = spec or {}
        kind = spec.get("kind")
        if value is None or value == "" or value == [] or value == {}:
            return ""
        if kind == "ref" and isinstance(value, str):
            return self.element(value)
        if isinstance(value, list):
            return ", ".join(self.value(item, spec.get("items")) for item in value)
        if isinstance(value, dict):
            fields = spec.get("fields") or {}
            inner = spec.get("values_of")
            return "; ".join(f"{md.text(key)}: {self.value(item, fields.get(key) or inner)}"
                             for key, item in value.items())
        return md.text(value) + (f" {md.text(spec['unit'])}" if spec.get("unit") else "")

    def sub_table(self, value, spec: dict | None) -> str | None:
        """A list of objects or a map of objects as a table (one row each), or None when it is not one."""
        spec = spec or {}
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            item_spec = spec.get("items") or {}
            rows_in = [(None, v) for v in value]
        elif isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            item_spec = spec.get("values_of") or {}
            rows_in = list(value.items())
        else:
            return None
        fields = item_spec.get("fields") or {}
        columns = [k for k in fields if any(k in v for _, v in rows_in)]
        columns += sorted({k for _, v in rows_in for k in v} - set(columns))
        keyed = rows_in[0][0] is not None
        headers = (["name"] if keyed else []) + [md.text(c) for c in columns]
        rows = [([md.text(key)] if keyed else []) + [self.value(v.get(c), fields.get(c)) for c in columns]
                for key, v in rows_in]
        return md.table(headers, rows)


def is_nested(value) -> bool:
    return (isinstance(value, list) and any(isinstance(v, dict) for v in value)) or \
        (isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()))
