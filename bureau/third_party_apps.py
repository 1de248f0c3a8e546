"""Third-party apps under names an operator reads in the admin (INSTALLED_APPS uses these).

Their own AppConfigs carry no verbose_name (the admin would show "Axes", "Otp_Totp",
"Pghistory"); these subclasses change nothing but the name.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from pghistory.apps import PGHistoryConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login attempts and lockouts")


class OTPConfig(AppConfig):
    name = "django_otp"
    verbose_name = _("Second factor")


class TOTPConfig(TOTPAppConfig):
    verbose_name = _("Authenticator apps (TOTP)")


class HistoryConfig(PGHistoryConfig):
    verbose_name = _("Change history")
