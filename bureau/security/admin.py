"""The admin site shows no second-factor secret."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice


def hide_second_factor_secrets() -> None:
    """Unregister django-otp's TOTP admin: its pages show a device's key and QR code, with
    which anyone could copy a user's second factor. Administrators reset a second factor on
    the Accounts page instead (logged)."""
    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)
