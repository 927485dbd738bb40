#!/usr/bin/env bash
# Installs Debian's redis-server (and redis-tools: redis-cli creates the test Redis Cluster) for the
# scale-out tests when either is missing. The tests start their own instances on loopback (free
# ports, temp data directories): the package's service must never run, so it is kept from starting
# and disabled.
set -euo pipefail
REDIS="${REDIS_SERVER_PATH:-/usr/bin/redis-server}"
CLI="${REDIS_CLI_PATH:-/usr/bin/redis-cli}"
if [ -x "$REDIS" ] && [ -x "$CLI" ]; then
  exit 0
fi
echo "[ensure-redis] $REDIS or $CLI not found: installing Debian redis-server and redis-tools" >&2
# shellcheck source=scripts/lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
apt_need_root ensure-redis "install the 'redis-server' and 'redis-tools' packages, or set REDIS_SERVER_PATH and REDIS_CLI_PATH"
apt_hold_services
apt_install ensure-redis redis-server redis-tools
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now redis-server.service >/dev/null 2>&1 || true
fi
if command -v update-rc.d >/dev/null 2>&1; then
  $SUDO update-rc.d redis-server disable >/dev/null 2>&1 || true
fi
# A service started anyway (no policy-rc.d honoured) would hold port 6379: the tests never use it.
if [ -f /run/redis/redis-server.pid ]; then
  $SUDO kill "$(cat /run/redis/redis-server.pid)" >/dev/null 2>&1 || true
fi
test -x "$REDIS"
test -x "$CLI"
echo "[ensure-redis] installed $("$REDIS" --version)" >&2
