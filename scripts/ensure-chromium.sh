#!/usr/bin/env bash
# Installs Debian's chromium for the Playwright tests when it is missing.
# Playwright cannot download its own browser builds here; we drive the system one.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
echo "[ensure-chromium] $CHROMIUM not found: installing Debian chromium" >&2
# shellcheck source=scripts/lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
apt_need_root ensure-chromium "install the 'chromium' package, or set CHROMIUM_PATH"
apt_install ensure-chromium chromium
test -x "$CHROMIUM"
"$CHROMIUM" --version >&2 || true
