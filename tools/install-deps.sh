#!/usr/bin/env bash
# Installs the Debian packages the tests and demos need, only when missing.
# Idempotent; safe to run on every `make test`.
set -eu
PKGS="libzmq3-dev libzmq5 python3-zmq python3-pytest python3-websockets openssl gcc g++ make pkg-config binutils valgrind cmake cppzmq-dev scdoc man-db"
[ "$#" -gt 0 ] && PKGS="$PKGS $*"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq $missing >/dev/null
fi
