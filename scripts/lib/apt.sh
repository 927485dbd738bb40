#!/usr/bin/env bash
# Shared by the ensure-*.sh scripts: how a missing Debian package is installed (root or sudo,
# non-interactive, apt-get update only when apt does not know the package yet). Source it.

# Sets SUDO ("" as root, "sudo" otherwise) or fails with a hint naming what to install by hand.
apt_need_root() {
  local tag="$1" hint="$2"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "[$tag] not root and no sudo: $hint" >&2
      return 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
}

# apt_install TAG PACKAGE...: refreshes the lists when the first package is unknown, then installs
# without recommends; prints apt's output only when it fails.
apt_install() {
  local tag="$1"
  shift
  if ! apt-cache show "$1" >/dev/null 2>&1; then
    $SUDO apt-get update -qq
  fi
  local log
  log="$(mktemp)"
  if ! $SUDO apt-get install -y -qq --no-install-recommends "$@" </dev/null >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "[$tag] apt-get install $* failed" >&2
    return 1
  fi
  rm -f "$log"
}

# apt_hold_services [POLICY]: keeps invoke-rc.d from starting the service a package installs (our
# tests start their own instances) until the script exits, with a policy-rc.d that answers 101
# ("action forbidden"). One that is there already (a container usually has one) is left as it is;
# ours is removed on exit. Takes the EXIT trap; call it after apt_need_root (it uses $SUDO).
# POLICY defaults to /usr/sbin/policy-rc.d (another path only to try the function out).
apt_hold_services() {
  APT_POLICY_RC="${1:-/usr/sbin/policy-rc.d}"
  if [ -e "$APT_POLICY_RC" ]; then
    return 0
  fi
  # The trap first, so that a write that fails half-way is removed too.
  trap '$SUDO rm -f "$APT_POLICY_RC"' EXIT
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$APT_POLICY_RC" >/dev/null
  $SUDO chmod 755 "$APT_POLICY_RC"
}
