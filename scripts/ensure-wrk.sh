#!/usr/bin/env bash
# Installs Debian's wrk (HTTP load generator) for the session-read benchmark when it is missing.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
echo "[ensure-wrk] wrk not found: installing Debian wrk" >&2
# shellcheck source=scripts/lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
apt_need_root ensure-wrk "install the 'wrk' package"
apt_install ensure-wrk wrk
command -v wrk >/dev/null
