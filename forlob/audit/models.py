# SPDX-License-Identifier: AGPL-3.0-or-later
"""The access log: every use of a citizen's data, reads and searches included. Append-only."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from forlob.audit.append_only import MINIMUM_RETENTION_DAYS


class Use(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Listed")
    SEARCH = "search", _("Searched")
    REVEAL_CPR = "reveal_cpr", _("Revealed CPR")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    EXPORT = "export", _("Exported")
    EMERGENCY = "emergency", _("Emergency access")
    REFER = "refer", _("Referred to another unit")
    SHARE = "share", _("Shared with another unit")
    REFUSED = "refused", _("Refused")
    LOG_SEARCH = "log_search", _("Searched the access log")


class AppendOnlyQuerySet(models.QuerySet):
    """The application adds rows and never changes or removes them; only the retention run
    removes rows older than the retention period, through ``purge_before``. The database refuses
    the rest too (``forlob/audit/append_only.py``)."""

    def update(self, **kwargs):
        raise ValueError("The access log is append-only")

    def delete(self):
        raise ValueError("The access log is append-only")

    def purgeable(self, cutoff: datetime) -> "AppendOnlyQuerySet":
        """Rows older than ``cutoff`` and, by the database's clock, older than the minimum
        retention its triggers hold: a row at the boundary while the application's and the
        database's clocks differ waits for the next run instead of failing this one."""
        oldest_allowed = Now() - timedelta(days=MINIMUM_RETENTION_DAYS)
        return self.filter(at__lt=cutoff).filter(at__lt=oldest_allowed)

    def purge_before(self, cutoff: datetime) -> int:
        return self.purgeable(cutoff)._raw_delete(self.db)


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user"))
    unit = models.ForeignKey(
        "organisations.Unit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    use = models.CharField(_("type of use"), max_length=20, choices=Use.choices)
    # Citizens are anonymised, never deleted; deleting one would change its log rows.
    citizen = models.ForeignKey(
        "citizens.Citizen", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("citizen")
    )
    search_term = models.CharField(_("search term"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    via = models.CharField(_("via"), max_length=200, blank=True, help_text=_("The page or API operation used."))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        # By citizen (insight), by user, and by unit (the leader's log search and monthly sample).
        indexes = [
            models.Index(fields=["citizen", "at"]),
            models.Index(fields=["user", "at"]),
            models.Index(fields=["unit", "at"]),
        ]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.use}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("The access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The access log is append-only")


class SecurityEvent(models.Model):
    """Refused logins, codes, tokens and requests, and every change of who may do what: what an
    administrator watches for attacks, and what a unit's leaders see of their own unit."""

    class Kind(models.TextChoices):
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKED_OUT = "locked_out", _("Locked out")
        OTP_FAILED = "otp_failed", _("Wrong two-factor code")
        CSRF_FAILED = "csrf_failed", _("Forged or missing CSRF token")
        SESSION_INVALID = "session_invalid", _("Unknown or tampered session")
        TOKEN_REFUSED = "token_refused", _("API token refused")
        SECRET_IN_URL = "secret_in_url", _("Token or CPR number in the address")
        OIDC_REFUSED = "oidc_refused", _("Single sign-on refused")
        ACCESS_REFUSED = "access_refused", _("Access refused")
        REFUSAL_LIMIT = "refusal_limit", _("Too many refusals")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_APPROVED = "role_approved", _("Role approved")
        ROLE_REMOVED = "role_removed", _("Role removed")
        ROLES_REVIEWED = "roles_reviewed", _("Roles recertified")
        PASSWORD_RESET = "password_reset", _("Password reset by an administrator")
        ACCOUNT_DISABLED = "account_disabled", _("Account disabled")
        ACCOUNT_ENABLED = "account_enabled", _("Account enabled again")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    username = models.CharField(_("user name given"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("address"), max_length=200, blank=True)
    # The unit it concerns (a role's unit), shown to that unit's leaders; who did it, if not the
    # user themself; and what, in a few words (never a secret or a person's data).
    unit = models.ForeignKey(
        "organisations.Unit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "kind", "at"]), models.Index(fields=["unit", "at"])]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class EmergencyAccess(models.Model):
    """Access to a citizen outside the user's units ("nødadgang"): with a written reason, for a
    limited time, logged and shown to the unit's leader for review."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user"))
    unit = models.ForeignKey("organisations.Unit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    citizen = models.ForeignKey("citizens.Citizen", models.CASCADE, related_name="+", verbose_name=_("citizen"))
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("leader's note"), blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"])]
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")

    def __str__(self) -> str:
        return f"{self.granted_at:%Y-%m-%d %H:%M} {self.user_id} → {self.citizen_id}"


class LogReview(models.Model):
    """A leader's monthly review of a random sample of their unit's access log."""

    unit = models.ForeignKey("organisations.Unit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    month = models.DateField(_("month reviewed"), help_text=_("The first day of the month the sample is from."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="one_log_review_per_unit_month")]
        verbose_name = _("log review")
        verbose_name_plural = _("log reviews")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class LogReviewItem(models.Model):
    class Verdict(models.TextChoices):
        PENDING = "", _("Not reviewed")
        CONFIRMED = "confirmed", _("Confirmed: work-related")
        FLAGGED = "flagged", _("Flagged for follow-up")

    review = models.ForeignKey(LogReview, models.CASCADE, related_name="items", verbose_name=_("log review"))
    entry = models.ForeignKey(AccessLogEntry, models.CASCADE, related_name="+", verbose_name=_("access log entry"))
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["entry__at"]
        verbose_name = _("reviewed log row")
        verbose_name_plural = _("reviewed log rows")

    def __str__(self) -> str:
        return f"{self.review} {self.entry_id} {self.verdict}"


class RetentionRun(models.Model):
    """What one run of ``apply_retention`` removed."""

    at = models.DateTimeField(_("time"), auto_now_add=True)
    citizens_anonymised = models.PositiveIntegerField(_("citizens anonymised"))
    access_log_rows_deleted = models.PositiveIntegerField(_("access log rows deleted"))
    history_rows_deleted = models.PositiveIntegerField(_("history rows deleted"))
    security_events_deleted = models.PositiveIntegerField(_("security events deleted"))
    contact_requests_deleted = models.PositiveIntegerField(_("contact requests deleted"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
