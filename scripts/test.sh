#!/usr/bin/env bash
# Sets up (with the test tools) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
.venv/bin/python -m pytest "$@"
