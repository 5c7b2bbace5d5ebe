#!/usr/bin/env bash
# Set up everything the tests need, then run every test: unit, app (AppTest), browser, lint and types.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements-dev.txt

# Browser tests drive Debian's Chromium; install it when it is missing (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
    sudo_cmd=""
    if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

# axe-core for the accessibility checks, from the npm registry, pinned in tests/browser/package.json.
if [ -f tests/browser/package.json ] && [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
    npm install --silent --no-audit --no-fund --prefix tests/browser >/dev/null
fi

exec .venv/bin/python -m pytest "$@"
