#!/usr/bin/env bash
# Set up everything the tests need, then run every test: unit, app (AppTest), browser, lint and types.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements-dev.txt

# Debian packages the tests use, installed when missing (never a downloaded browser):
# chromium drives the browser tests; poppler-utils (pdftotext, pdfinfo, pdftoppm, pdfimages) reads
# the PDF report back, zbar-tools (zbarimg) scans its QR code.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v zbarimg >/dev/null || missing+=(zbar-tools)
# postgresql: the rooms' tests start a throwaway server of their own.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing+=(postgresql)
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
