#!/usr/bin/env bash
# Set up everything the tests need, then run every test: unit, app (AppTest), browser, lint and types.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements-dev.txt

# Debian packages the tests need, installed when missing: Chromium for the browser tests (never a
# downloaded browser), PostgreSQL for the rooms' tests (they start a throwaway server of their own).
missing=()
if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then missing+=(postgresql); fi
if [ "${#missing[@]}" -gt 0 ]; then
    sudo_cmd=""
    if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# With the server installed, the rooms' PostgreSQL tests must run: fail rather than skip.
export ROOMS_TESTS_NEED_POSTGRES=1

# axe-core for the accessibility checks, from the npm registry, pinned in tests/browser/package.json.
if [ -f tests/browser/package.json ] && [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
    npm install --silent --no-audit --no-fund --prefix tests/browser >/dev/null
fi

exec .venv/bin/python -m pytest "$@"
