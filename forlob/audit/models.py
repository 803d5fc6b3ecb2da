# SPDX-License-Identifier: AGPL-3.0-or-later
"""The access log: every use of a citizen's data, reads and searches included. Append-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Use(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Listed")
    SEARCH = "search", _("Searched")
    REVEAL_CPR = "reveal_cpr", _("Revealed CPR")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    EXPORT = "export", _("Exported")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user"))
    unit = models.ForeignKey(
        "organisations.Unit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    use = models.CharField(_("type of use"), max_length=20, choices=Use.choices)
    citizen = models.ForeignKey(
        "citizens.Citizen", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("citizen")
    )
    search_term = models.CharField(_("search term"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    via = models.CharField(_("via"), max_length=200, blank=True, help_text=_("The page or API operation used."))

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["citizen", "at"]), models.Index(fields=["user", "at"])]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.use}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise ValueError("The access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("The access log is append-only")
