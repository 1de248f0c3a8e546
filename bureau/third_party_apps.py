"""Third-party apps under names an operator reads in the admin (INSTALLED_APPS uses these).

Their own AppConfigs carry no verbose_name (the admin would show "Axes", "Otp_Totp",
"Pghistory"); these subclasses change nothing but the name. django-otp names its TOTP
model in plain English, untranslatable; it is given the same words as a translatable
name (where the admin lists permissions and the access log names record types). Only
`_meta` is touched, not the model's Meta, so migrations see no change.
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

    def ready(self) -> None:
        device = self.get_model("TOTPDevice")._meta
        device.verbose_name = _("TOTP device")
        device.verbose_name_plural = _("TOTP devices")


class HistoryConfig(PGHistoryConfig):
    verbose_name = _("Change history")
