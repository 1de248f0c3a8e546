"""Step-up at the final approval of a payout batch: the approver types a current code.

The session's second factor is not enough for the step that releases money: the
approver re-enters the code their authenticator app shows now (TOTP, django-otp). A code
is accepted once, and wrong codes are throttled and logged like wrong codes at login.
The check runs inside the approval's transaction, so a refusal changes nothing there;
the throttling and the log entry of a wrong code are written after that rollback.
"""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from bureau.models import AccessEvent
from bureau.security.services import record_event

FIELD = "otp_code"


class StepUpRefused(Exception):
    """The code is missing or wrong; `device` is set when a wrong code was tried."""

    def __init__(self, message: str, *, device: TOTPDevice | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.device = device

    def as_validation_error(self) -> ValidationError:
        return ValidationError({FIELD: [self.message]})


def require_current_code(user, code: str | None) -> None:
    """Raise StepUpRefused unless `code` is the current code of `user`'s authenticator."""
    code = (code or "").strip().replace(" ", "")
    if not code:
        raise StepUpRefused(
            _(
                "Enter the code your authenticator app shows now: approving a "
                "payout batch needs it."
            )
        )
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=True)
        .order_by("pk")
        .first()
    )
    if device is None:
        raise StepUpRefused(
            _(
                "Set up an authenticator app on your account page first: approving "
                "a payout batch needs a code from it."
            )
        )
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise StepUpRefused(
            _("Too many wrong codes: wait a moment, then enter the current code.")
        )
    if not (code.isdigit() and device.verify_token(code)):
        raise StepUpRefused(
            _(
                "The code is wrong or was already used: enter the code your "
                "authenticator app shows now."
            ),
            device=device,
        )


def record_refusal(user, refusal: StepUpRefused, *, batch) -> None:
    """After the approval rolled back: throttle the device and log the wrong code."""
    if refusal.device is None:
        return
    TOTPDevice.objects.filter(pk=refusal.device.pk).update(
        throttling_failure_count=F("throttling_failure_count") + 1,
        throttling_failure_timestamp=timezone.now(),
    )
    record_event(
        request=None,
        kind=AccessEvent.Kind.OTP_FAILED,
        user=user,
        target=user,
        filters={"step_up": "payout batch approval", "batch": batch.pk},
    )
