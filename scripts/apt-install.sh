#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Install Debian packages with apt-get: as root directly, otherwise through sudo when it exists.
# Usage: scripts/apt-install.sh PACKAGE...
set -eu

[ "$#" -gt 0 ] || { echo "apt-install: no packages given" >&2; exit 2; }
command -v apt-get >/dev/null 2>&1 || {
    echo "apt-install: apt-get not found; install these packages by hand: $*" >&2
    exit 1
}

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "apt-install: not root and no sudo; run as root: apt-get install $*" >&2
    exit 1
fi

echo "apt-install: installing $*"
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
