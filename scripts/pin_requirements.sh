#!/usr/bin/env bash
# Regenerate requirements.txt and requirements-dev.txt from pyproject.toml (never edit them by hand).
#
#   bash scripts/pin_requirements.sh                              # after changing pyproject.toml's dependencies
#   bash scripts/pin_requirements.sh --upgrade-package streamlit  # move one package (and what it needs) on
#   bash scripts/pin_requirements.sh --upgrade                    # move everything to the newest allowed
#
# uv pip compile (pinned in pyproject.toml's dev group) keeps every current pin that still satisfies
# pyproject.toml unless told to upgrade, so a new dependency changes no other line. requirements.txt
# is [project] dependencies and everything they pull in: what Streamlit Community Cloud installs
# (plain `name==version` lines). requirements-dev.txt adds the dev group, constrained to
# requirements.txt's versions: the tests run exactly what the app ships with. Both are resolved for
# Linux and Python 3.11 (CI's and Community Cloud's system; the lowest Python pyproject allows).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements-dev.txt
options=(--quiet --python-version 3.11 --python-platform linux --custom-compile-command "bash scripts/pin_requirements.sh")
.venv/bin/uv pip compile pyproject.toml "${options[@]}" "$@" --output-file requirements.txt
.venv/bin/uv pip compile pyproject.toml --group dev --constraint requirements.txt "${options[@]}" "$@" \
    --output-file requirements-dev.txt
