#!/usr/bin/env bash
# Quick start: set up .venv and serve the app on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements.txt
exec .venv/bin/python -m ui.serve run app.py --server.port "${PORT:-8501}" --server.headless true "$@"
