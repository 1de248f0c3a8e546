"""Second factor, password history and login sessions (see bureau.security).

None of these tables is audited by the change triggers: they hold secrets (password
hashes, recovery-code digests) that must not be copied into event tables. What happens to
them is recorded as access events instead (enrolment, reset, password change, sessions ended).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """One-time recovery codes, stored as keyed SHA-256 digests; a used code is deleted.

    django-otp's own static device keeps its tokens in plain text, so the bureau keeps
    its recovery codes here instead.
    """

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return settings.OTP_RECOVERY_THROTTLE_FACTOR

    def verify_token(self, token) -> bool:
        from bureau.security.codes import recovery_digest

        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        deleted, _rows = self.codes.filter(digest=recovery_digest(str(token))).delete()
        if deleted:
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(
        RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes"
    )
    digest = models.CharField(_("digest"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.device} #{self.pk}"


class PasswordRecord(models.Model):
    """One row per password a user has had: for the no-reuse rule and the forced change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_records",
    )
    password = models.CharField(_("password hash"), max_length=128)
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    must_change = models.BooleanField(
        _("must be changed at next login"),
        default=False,
        help_text=_("Set when someone other than the user chose this password."),
    )

    class Meta:
        verbose_name = _("password record")
        verbose_name_plural = _("password records")
        ordering = ["-set_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.set_at:%Y-%m-%d %H:%M}"


class LoginSession(models.Model):
    """A browser session opened by a login, so that users and administrators can end it."""

    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="login_sessions",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"
