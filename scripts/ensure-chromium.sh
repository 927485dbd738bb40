#!/usr/bin/env bash
# Installs Debian's chromium for the Playwright tests when it is missing.
# Playwright cannot download its own browser builds here; we drive the system one.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
echo "[ensure-chromium] $CHROMIUM not found: installing Debian chromium" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "[ensure-chromium] not root and no sudo: install the 'chromium' package, or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
test -x "$CHROMIUM"
"$CHROMIUM" --version >&2 || true
