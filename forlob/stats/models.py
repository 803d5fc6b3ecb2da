# SPDX-License-Identifier: AGPL-3.0-or-later
"""What the statistics keep: only the outcome of suppressing a table, shared by every worker
(``forlob.stats.suppression``). No person data: a digest of the counts and which cells are hidden."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SuppressedTable(models.Model):
    """The published view of one table of counts, worked out once: which cells are hidden as "<5"
    and which as "x". Keyed by the SHA-256 of the counts, the margins asked for, the threshold and
    the algorithm's version; the counts themselves are not kept (the table is rebuilt from the
    counts the report has just made). ``solved_at`` lets a later job prune tables not seen again."""

    digest = models.CharField(_("digest"), max_length=64, primary_key=True)
    shown = models.JSONField(_("hidden cells"))
    solved_at = models.DateTimeField(_("solved at"))
    seconds = models.FloatField(_("seconds to solve"))

    class Meta:
        verbose_name = _("suppressed table")
        verbose_name_plural = _("suppressed tables")

    def __str__(self) -> str:
        return self.digest
