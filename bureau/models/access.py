"""Access events: reads of sensitive data, every export, and logins and account changes."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.Model):
    class Kind(models.TextChoices):
        UNMASK = "unmask", _("Revealed a masked value")
        EXPORT = "export", _("Exported records")
        SEARCH = "search", _("Searched by ID number")
        VIEW = "view", _("Viewed sensitive record")
        # Authentication and account events (bureau.security)
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        LOGIN_FAILED = "login_fail", _("Failed login")
        LOCKOUT = "lockout", _("Locked out after failed logins")
        OTP_FAILED = "otp_fail", _("Wrong second-factor code")
        OTP_ENROLLED = "otp_enrol", _("Set up the second factor")
        OTP_RESET = "otp_reset", _("Reset a second factor")
        PASSWORD = "password", _("Changed a password")
        ROLE = "role", _("Changed a role")
        TOWNSHIPS = "townships", _("Changed townships served")
        SESSION_ENDED = "sess_end", _("Ended a session")
        API_TOKEN = "api_token", _("Issued an API token")
        DOWNLOAD = "download", _("Downloaded an attachment")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.PROTECT,
        related_name="access_events",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    subject = models.CharField(_("subject"), max_length=100, help_text=_("app.model"))
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at"]
        triggers = [
            pgtrigger.Protect(
                name="access_events_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_kind_display()}"
