#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Create the virtual environment. Debian ships the venv module in a separate package
# (python3-venv); when it is missing, install it and try again.
# Usage: scripts/make-venv.sh PYTHON VENV_DIR
set -eu

python="$1"
venv="$2"

command -v "$python" >/dev/null 2>&1 || { echo "make-venv: $python not found; Forløb needs Python 3.11+" >&2; exit 1; }
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "make-venv: $python is $("$python" -V 2>&1); Forløb needs Python 3.11+" >&2
    exit 1
}

if ! "$python" -m venv "$venv"; then
    rm -rf "$venv"
    minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    sh "$(dirname "$0")/apt-install.sh" "python$minor-venv"
    "$python" -m venv "$venv"
fi
