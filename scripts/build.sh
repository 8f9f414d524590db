#!/usr/bin/env bash
# Sets up, builds every output from the default model, then the site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python generate.py "$@"
if [ -f mkdocs.yml ]; then
  NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet
  echo "site built in site/: python3 -m http.server -d site (search needs a server), or live reload: .venv/bin/mkdocs serve"
fi
