#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Serve Forløb with gunicorn (static files through whitenoise). HOST and PORT choose the
# address; WEB_CONCURRENCY the number of worker processes. Access log goes to stdout. No
# control socket: gunicorn's default one lives in $HOME and would clash between checkouts.
# Idle connections are kept 75 s, longer than a client or proxy keeps them: with gunicorn's
# 2 s default, a browser clicking on after a pause raced the close and got a reset.
# The access log masks every value in query strings and referrers (forlob/common/serverlog.py):
# a CPR number typed into the address bar must not end up in a log file.
# Usage: scripts/serve.sh [VENV_DIR]
set -eu

venv="${1:-.venv}"
host="${HOST:-127.0.0.1}"
port="${PORT:-8000}"

exec "$venv/bin/gunicorn" forlob.wsgi:application \
    --bind "$host:$port" \
    --workers "${WEB_CONCURRENCY:-3}" \
    --worker-class gthread \
    --threads 4 \
    --timeout 120 \
    --keep-alive 75 \
    --no-control-socket \
    --access-logfile - \
    --logger-class forlob.common.serverlog.MaskedQueryLogger \
    --error-logfile -
