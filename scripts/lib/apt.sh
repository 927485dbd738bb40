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
