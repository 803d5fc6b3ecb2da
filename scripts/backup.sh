#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# The nightly backup (docs/operations.md): a checked copy of the database into DIR named by the
# time, the newest KEEP copies kept, and the folder mirrored to another machine when
# FORLOB_BACKUP_REMOTE is set (an rsync destination, e.g. backup@vault.kommune.dk:forlob/).
# manage.py backup writes a temporary file and renames it only once it is checked, so a failure
# leaves the earlier copies alone; then nothing is deleted and nothing is mirrored either.
# The copies hold person data (CPR numbers encrypted): only their owner may read them.
# Usage: scripts/backup.sh DIR [KEEP] [VENV_DIR]; run from the checkout, with the service's environment.
set -eu

dir="$1"
keep="${2:-14}"
venv="${3:-.venv}"
umask 077

case "$keep" in
    '' | *[!0-9]* | 0) echo "KEEP skal være et helt tal over 0, ikke '$keep'." >&2; exit 2 ;;
esac

"$venv/bin/python" manage.py backup "$dir/forlob-$(date -u +%Y%m%d-%H%M%S).dump"

# The names sort by time; everything after the newest KEEP goes.
find "$dir" -maxdepth 1 -name 'forlob-*.dump' | sort -r | tail -n +"$((keep + 1))" | while read -r old; do
    rm -f -- "$old"
done

if [ -n "${FORLOB_BACKUP_REMOTE:-}" ]; then
    rsync -a --delete --include='forlob-*.dump' --exclude='*' "$dir/" "$FORLOB_BACKUP_REMOTE"
fi
