#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# System packages the test suite needs beyond the Python ones: Debian's Chromium for the
# Playwright browser tests (Playwright's own browser download is not used), and a font so
# the screenshots show text. Does nothing when Chromium is already there.
set -eu

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
exec sh "$(dirname "$0")/apt-install.sh" chromium fonts-liberation
