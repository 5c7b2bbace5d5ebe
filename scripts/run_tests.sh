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
bash scripts/apt_install.sh "${missing[@]}"
# With the server installed, the rooms' PostgreSQL tests must run: fail rather than skip.
export ROOMS_TESTS_NEED_POSTGRES=1
# CI=1 selects the derandomized Hypothesis profile (tests/conftest.py). This command is what CI runs
# (.ci/run), and a CI runner need not set CI, so it is set here, not left to the caller: every run of
# it, in CI or on a laptop, tries the same examples, a failure comes back with the same command, and
# no example database is read or written. (pytest also shows assertion diffs in full under CI.)
# To explore new examples, run pytest itself: .venv/bin/python -m pytest --hypothesis-profile=dev
export CI="${CI:-1}"

# axe-core for the accessibility checks, from the npm registry, pinned in tests/browser/package.json.
if [ -f tests/browser/package.json ] && [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
    npm install --silent --no-audit --no-fund --prefix tests/browser >/dev/null
fi

exec .venv/bin/python -m pytest "$@"
