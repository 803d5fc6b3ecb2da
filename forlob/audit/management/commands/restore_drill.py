# SPDX-License-Identifier: AGPL-3.0-or-later
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forlob.audit.backup import BackupError
from forlob.audit.drill import TableCheck, restore_drill


def _cell(found: tuple[int, str] | None) -> str:
    return "-" if found is None else str(found[0])


class Command(BaseCommand):
    help = (
        "Øvelse i genskabelse: tag en sikkerhedskopi, genskab den i en midlertidig database ved siden af "
        "den rigtige, og sammenlign hver tabels rækker og kontrolsum. Den rigtige database læses kun."
    )
    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        try:
            checks = restore_drill()
        except BackupError as error:
            raise CommandError(
                _("The restore drill could not be carried out. %(reason)s") % {"reason": error}
            ) from None
        self._table(checks)
        wrong = [check for check in checks if not check.same]
        if wrong:
            raise CommandError(
                _("The restored copy differs from the database in %(count)d of %(total)d tables.")
                % {"count": len(wrong), "total": len(checks)}
            )
        self.stdout.write(_("The restored copy matches the database in all %(total)d tables.") % {"total": len(checks)})

    def _table(self, checks: list[TableCheck]) -> None:
        width = max(len(check.table) for check in checks)
        head = (_("Table"), _("Rows"), _("Restored"), _("Result"))
        self.stdout.write(f"{head[0]:<{width}}  {head[1]:>9}  {head[2]:>9}  {head[3]}")
        for check in checks:
            result = _("same") if check.same else _("DIFFERENT")
            self.stdout.write(f"{check.table:<{width}}  {_cell(check.live):>9}  {_cell(check.restored):>9}  {result}")
