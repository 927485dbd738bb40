#!/usr/bin/env bash
# Installs Debian's glewlwyd (an OpenID provider written by another project) for the interop
# tests when it is missing. The tests start their own instance on loopback (a temp directory, a
# free port): the package's service must never run, so it is kept from starting and disabled.
set -euo pipefail
GLEWLWYD="${GLEWLWYD_PATH:-/usr/bin/glewlwyd}"
INIT_SQL=/usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz
installed() {
  [ -x "$GLEWLWYD" ] && [ -f "$INIT_SQL" ] && command -v sqlite3 >/dev/null 2>&1 &&
    [ "$(dpkg-query -W -f='${Status}' glewlwyd 2>/dev/null || true)" = "install ok installed" ]
}
if installed; then
  exit 0
fi
echo "[ensure-glewlwyd] glewlwyd not installed: installing the Debian package" >&2
# shellcheck source=scripts/lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
apt_need_root ensure-glewlwyd "install the 'glewlwyd' and 'sqlite3' packages, or set GLEWLWYD_PATH"
# No database set-up by the package (its postinst fails without one) and no site config: the
# tests write their own. "No configuration" only drops the sample config in /etc/glewlwyd.
echo 'glewlwyd glewlwyd/config_type select No configuration' | $SUDO debconf-set-selections
echo 'glewlwyd glewlwyd/dbconfig-install boolean false' | $SUDO debconf-set-selections
# Keep invoke-rc.d from starting the service during the install.
apt_hold_services
# A half-configured earlier attempt (e.g. a postinst that failed) is finished first.
$SUDO dpkg --configure -a </dev/null >/dev/null 2>&1 || true
apt_install ensure-glewlwyd glewlwyd dbconfig-no-thanks sqlite3
# systemd hosts: the unit is enabled by the package; the tests run their own instance.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now glewlwyd.service >/dev/null 2>&1 || true
fi
if command -v update-rc.d >/dev/null 2>&1; then
  $SUDO update-rc.d glewlwyd disable >/dev/null 2>&1 || true
fi
if ! installed; then
  echo "[ensure-glewlwyd] installing glewlwyd failed (dpkg status: $(dpkg-query -W -f='${Status}' glewlwyd 2>/dev/null || echo none))" >&2
  exit 1
fi
echo "[ensure-glewlwyd] installed glewlwyd $("$GLEWLWYD" -v 2>&1 | head -n1)" >&2
