#!/usr/bin/env bash
# Create .venv (if needed) and install pinned requirements. Usage: setup_env.sh [requirements file]
# Each file pins every package it needs (generated from pyproject.toml by scripts/pin_requirements.sh),
# so pip installs exactly those versions.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$requirements")"
if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
    # (grep drops this machine's harmless notes about unused local package mirrors)
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" 2>&1 \
        | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    touch "$stamp"
fi
