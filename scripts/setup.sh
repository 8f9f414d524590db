#!/usr/bin/env bash
# Sets up everything the project needs on a fresh Debian/Ubuntu machine with Python 3.11+:
# the Graphviz `dot` program (installed when missing) and a virtual environment .venv with pinned packages.
#   scripts/setup.sh          runtime only (build the outputs and the site)
#   scripts/setup.sh --dev    also the test tools and Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
dev=0; [ "${1:-}" = "--dev" ] && dev=1

apt_install() {
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ ! -f /tmp/.archkit-apt-updated ]; then $sudo apt-get update -qq && touch /tmp/.archkit-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v dot >/dev/null || { echo "setup: installing Graphviz"; apt_install graphviz; }
if [ "$dev" = 1 ] && [ ! -x /usr/bin/chromium ]; then echo "setup: installing Chromium"; apt_install chromium; fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
requirements=requirements.txt; [ "$dev" = 1 ] && requirements=requirements-dev.txt
stamp=".venv/.installed-$(cat "$requirements" requirements.txt constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing $requirements (pinned by constraints.txt)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements" -c constraints.txt
  touch "$stamp"
fi
if [ "$dev" = 1 ]; then  # checkov in its own virtual environment (its pins clash with the test tools)
  stamp=".venv-checkov/.installed-$(cat requirements-checkov.txt constraints-checkov.txt | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "setup: installing checkov into .venv-checkov"
    [ -x .venv-checkov/bin/python ] || "$python" -m venv .venv-checkov
    .venv-checkov/bin/python -m pip install -q --disable-pip-version-check -r requirements-checkov.txt -c constraints-checkov.txt
    touch "$stamp"
  fi
fi
if [ "$dev" = 1 ]; then  # Backstage TechDocs in its own virtual environment (it pins an older Material and Markdown)
  stamp=".venv-techdocs/.installed-$(cat requirements-techdocs.txt constraints-techdocs.txt | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "setup: installing mkdocs-techdocs-core into .venv-techdocs"
    [ -x .venv-techdocs/bin/python ] || "$python" -m venv .venv-techdocs
    .venv-techdocs/bin/python -m pip install -q --disable-pip-version-check -r requirements-techdocs.txt -c constraints-techdocs.txt
    touch "$stamp"
  fi
fi
