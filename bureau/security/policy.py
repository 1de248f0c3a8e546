"""Who needs a second factor."""

from django.conf import settings


def second_factor_required(user) -> bool:
    """True when `user`'s role is one of OTP_REQUIRED_ROLES (chiefs, auditors, admins)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in settings.OTP_REQUIRED_ROLES or user.is_superuser
