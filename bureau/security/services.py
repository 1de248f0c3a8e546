"""Writes of account security: second factor, recovery codes, sessions, tokens, passwords.

Every function records what it did as an access event; a function that changes another
user's account takes the acting administrator as `by=`.
"""

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from bureau.models import AccessEvent, User
from bureau.models.security import (
    LoginSession,
    PasswordRecord,
    RecoveryCode,
    RecoveryCodeDevice,
)
from bureau.security import codes
from bureau.security.context import acting_user, current_request
from bureau.services import record_access

AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
PASSWORD_CHANGE_REQUIRED = "bureau_password_change_required"  # noqa: S105 - a session key
LOGGED_IN_AT = "bureau_logged_in_at"
# Set at login for a user whose role needs no second factor but who set one up anyway.
SECOND_FACTOR_CHOSEN = "bureau_second_factor_chosen"


def record_event(
    *,
    request: HttpRequest | None,
    kind: str,
    user: User | None,
    target: User | None = None,
    object_id: Any = "",
    filters: dict | None = None,
) -> AccessEvent:
    """One access event about an account: `user` acted, `target` is the account concerned."""
    return record_access(
        request=request,
        user=user,  # type: ignore[arg-type]
        kind=kind,
        subject="bureau.user",
        object_id=target.pk if target is not None else object_id,
        filters=filters,
    )


# Second factor -----------------------------------------------------------------------


def has_authenticator(user: User) -> bool:
    """True when `user` has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def start_enrolment(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for `user` (a fresh secret each time it is asked for)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, confirmed=False
    )


def pending_device(*, user: User) -> TOTPDevice | None:
    """The authenticator `user` is setting up, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).last()


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (rendered on the server)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#1b3a63", omitsize=False
    )


def secret_of(device: TOTPDevice) -> str:
    """The base32 secret, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def confirm_enrolment(
    *, request: HttpRequest, device: TOTPDevice, code: str
) -> list[str] | None:
    """Confirm `device` with a code from the app; return the new recovery codes, or None.

    On success the device replaces any earlier authenticator, the session counts as
    verified, and a fresh set of recovery codes replaces the old one.
    """
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if not device.verify_token(code.strip()):
            record_event(request=request, kind=AccessEvent.Kind.OTP_FAILED, user=user)
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        recovery = _replace_recovery_codes(user)
        record_event(request=request, kind=AccessEvent.Kind.OTP_ENROLLED, user=user)
    django_otp.login(request, device)
    return recovery


def regenerate_recovery_codes(*, request: HttpRequest) -> list[str]:
    """A new set of recovery codes for the verified user; the old ones stop working."""
    with transaction.atomic():
        recovery = _replace_recovery_codes(request.user)
        record_event(
            request=request,
            kind=AccessEvent.Kind.OTP_ENROLLED,
            user=request.user,
            filters={"recovery_codes": "regenerated"},
        )
    return recovery


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name=RECOVERY_NAME)
    fresh = [codes.new_recovery_code() for _ in range(settings.OTP_RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=codes.recovery_digest(code))
        for code in fresh
    )
    return fresh


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes `user` has left."""
    return RecoveryCode.objects.filter(device__user=user).count()


@dataclass(frozen=True)
class Verification:
    device: Any = None
    wait_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


def verify_second_factor(*, request: HttpRequest, code: str) -> Verification:
    """Check a code from the authenticator app or a recovery code; log the session in.

    A wrong code is recorded and slows the next attempt (django-otp's throttling doubles
    the wait after each failure); a recovery code works once.
    """
    user = request.user
    code = code.strip()
    with transaction.atomic():
        devices = _candidate_devices(user, code)
        wait_until = None
        for device in devices:
            allowed, info = device.verify_is_allowed()
            if not allowed:
                wait_until = (info or {}).get("locked_until")
                continue
            if device.verify_token(code):
                django_otp.login(request, device)
                return Verification(device=device)
        record_event(request=request, kind=AccessEvent.Kind.OTP_FAILED, user=user)
    return Verification(wait_until=wait_until)


def _candidate_devices(user: User, code: str) -> list:
    if code.isdigit():
        return list(
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        )
    return list(
        RecoveryCodeDevice.objects.select_for_update().filter(user=user, confirmed=True)
    )


def reset_second_factor(*, request: HttpRequest, target: User, by: User) -> None:
    """Remove `target`'s authenticator and recovery codes and end their sessions.

    They set up a new authenticator at their next login.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=target).delete()
        RecoveryCodeDevice.objects.filter(user=target).delete()
        record_event(
            request=request, kind=AccessEvent.Kind.OTP_RESET, user=by, target=target
        )
        end_all_sessions(request=request, target=target, by=by)


# Sessions ----------------------------------------------------------------------------


def _session_store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def remember_session(*, request: HttpRequest, user: User) -> LoginSession | None:
    """Note the session a login opened, so that it can be listed and ended."""
    key = request.session.session_key
    if not key:
        return None
    agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    session, _created = LoginSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "ip_address": request.META.get("REMOTE_ADDR") or None,
            "user_agent": agent,
        },
    )
    return session


def forget_session(*, session_key: str | None) -> None:
    """Drop the note of a session that ended (logout)."""
    if session_key:
        LoginSession.objects.filter(session_key=session_key).delete()


def end_session(*, request: HttpRequest, session: LoginSession, by: User) -> None:
    """End one login session: its browser is sent back to the login page."""
    _session_store(session.session_key).delete()
    session.delete()
    record_event(
        request=request,
        kind=AccessEvent.Kind.SESSION_ENDED,
        user=by,
        target=session.user,
        filters={"sessions": 1},
    )


def end_all_sessions(
    *, request: HttpRequest, target: User, by: User, keep: str | None = None
) -> int:
    """End every session of `target` except the one keyed `keep`; return how many."""
    sessions = LoginSession.objects.filter(user=target)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    ended = 0
    for session in list(sessions):
        _session_store(session.session_key).delete()
        session.delete()
        ended += 1
    if ended:
        record_event(
            request=request,
            kind=AccessEvent.Kind.SESSION_ENDED,
            user=by,
            target=target,
            filters={"sessions": ended},
        )
    return ended


# API tokens --------------------------------------------------------------------------


def issue_api_token(*, request: HttpRequest) -> str:
    """A new API token for the logged-in user (the old one stops working).

    Only reachable from a session that passed the second factor when the role needs one
    (the middleware sees to that); the key is shown once.
    """
    user = request.user
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        record_event(request=request, kind=AccessEvent.Kind.API_TOKEN, user=user)
    return token.key


# Passwords ---------------------------------------------------------------------------


def record_password_set(*, user: User) -> PasswordRecord | None:
    """Keep the new password's hash; a password someone else chose must be changed.

    Called by `validators.PasswordHistoryValidator.password_changed` whenever a password
    is saved. The person who chose it is the user of the request being served.
    """
    if not user.pk or not user.has_usable_password():
        return None
    request = current_request()
    actor = acting_user(request)
    chosen_by_other = actor is not None and actor.pk != user.pk
    record = PasswordRecord.objects.create(
        user=user,
        password=user.password,
        set_by=actor,
        must_change=chosen_by_other,
    )
    if request is not None:
        record_event(
            request=request,
            kind=AccessEvent.Kind.PASSWORD,
            user=actor,
            target=user,
            filters={"chosen_by": "administrator" if chosen_by_other else "self"},
        )
    return record


def password_change_due(user: User) -> bool:
    """True when `user`'s current password was chosen by an administrator."""
    latest = PasswordRecord.objects.filter(user=user).first()
    return bool(latest and latest.must_change)


def change_own_password(*, request: HttpRequest, form) -> None:
    """Save the new password from a valid PasswordChangeForm; this session stays open.

    Django's session hash ends the user's other sessions.
    """
    old_key = request.session.session_key
    form.save()
    update_session_auth_hash(request, form.user)
    request.session.pop(PASSWORD_CHANGE_REQUIRED, None)
    LoginSession.objects.filter(session_key=old_key).update(
        session_key=request.session.session_key
    )
    LoginSession.objects.filter(user=form.user).exclude(
        session_key=request.session.session_key
    ).delete()
