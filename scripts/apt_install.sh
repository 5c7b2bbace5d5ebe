#!/usr/bin/env bash
# Install Debian packages, as root or through sudo: the test and bench commands pass what is missing.
# Usage: apt_install.sh [package...] (nothing to do without arguments)
set -euo pipefail
[ "$#" -gt 0 ] || exit 0
sudo_cmd=()
if [ "$(id -u)" != "0" ]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
