#!/usr/bin/env bash
# Every benchmark, on a fresh machine too: sets up .venv as the tests do, installs the Debian packages
# the benchmarks drive when they are missing, then runs bench.run_all, which rewrites bench/RESULTS.md.
# Arguments go to bench.run_all:
#   bash scripts/run_bench.sh                      # everything (about 15 minutes on 2 cores)
#   bash scripts/run_bench.sh --quick              # smaller counts
#   bash scripts/run_bench.sh --only scaleout rooms  # some sections; the others keep their last figures
# A section whose program is still missing is skipped with a one-line reason.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements-dev.txt

# chromium: first paint in a browser (paint); nginx: two replicas behind it (scaleout; where services
# run, Debian also starts its own nginx on port 80 after installing it: the bench starts one of its own
# on a free loopback port); postgresql: the rooms on PostgreSQL (rooms; a throwaway server of its own).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing+=(postgresql)
bash scripts/apt_install.sh "${missing[@]}"

exec .venv/bin/python -m bench.run_all "$@"
