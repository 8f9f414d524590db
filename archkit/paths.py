"""Where every generated file lives, in one place, so that renderers and pages agree on links.

All paths are relative to the output root, with '/' separators. Ids are validated ([a-z0-9-]) before they
reach here, so they are safe as file names.
"""
from __future__ import annotations

import posixpath

DIAGRAMS_DIR = "diagrams"
DOCS_DIR = "docs"
PAGES_DIR = "docs/architecture"  # generated pages; hand-written pages live elsewhere under docs/
CLOUDFORMATION_DIR = "cloudformation"
CATALOG_INFO = "catalog-info.yaml"  # Backstage catalog entities, at the output root (archkit/site/backstage.py)


def diagram(name: str, fmt: str) -> str:
    """name: infrastructure, observability, flow-<id>, sequence-<id>, pipeline-<id>, component-<id>."""
    return f"{DIAGRAMS_DIR}/{name}.{fmt}"


def page(name: str) -> str:
    """name: index, security, observability, environments, catalogue, checks, performance, ..."""
    return f"{PAGES_DIR}/{name}.md"


def stack_page(stack_name: str) -> str:
    """A CloudFormation stack's own page: its parameters, outputs and whole template."""
    return f"{PAGES_DIR}/stacks/{stack_name}.md"


def component_page(component_id: str) -> str:
    return f"{PAGES_DIR}/components/{component_id}.md"


def flow_page(flow_id: str) -> str:
    return f"{PAGES_DIR}/flows/{flow_id}.md"


def pipeline_page(pipeline_id: str) -> str:
    return f"{PAGES_DIR}/pipelines/{pipeline_id}.md"


def relative(from_file: str, to_file: str) -> str:
    """Link from one generated file to another, e.g. from a diagram to a page: '../docs/architecture/...md'."""
    return posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")


# -- the site -------------------------------------------------------------------------------------------------------
# mkdocs.yml sets use_directory_urls: false (so site/index.html opens from disk), and the site serves the
# diagrams folder at diagrams/ (docs/diagrams is a link to ../diagrams, or the hook adds the files).

def site_path(file: str) -> str:
    """Where a generated file is served in the site: docs/x/y.md -> x/y.html; diagrams/z.svg -> diagrams/z.svg."""
    if file.startswith(DOCS_DIR + "/"):
        file = file[len(DOCS_DIR) + 1:]
        return file[:-3] + ".html" if file.endswith(".md") else file
    return file


def site_link(from_file: str, to_file: str) -> str:
    """Relative URL, valid in the built site (so also under a sub-path), from one generated file to another."""
    return relative(site_path(from_file), site_path(to_file))


# -- ownership ------------------------------------------------------------------------------------------------------
# Every generated file lies under one of these folders (or is one of OUTPUT_FILES): the manifest and the journal may
# name nothing else, so a committed state file cannot make a build write or delete anywhere else.
OUTPUT_ROOTS = (DIAGRAMS_DIR, PAGES_DIR, CLOUDFORMATION_DIR)
OUTPUT_FILES: tuple[str, ...] = (CATALOG_INFO,)
