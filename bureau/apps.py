from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BureauConfig(AppConfig):
    name = "bureau"
    # The core's tables: org units, accounts, access log, working-day calendar, deadlines.
    verbose_name = _("Organisation, accounts and calendar")
    navigation = [
        (_("Home"), "home", None),
        (_("Deadlines"), "clocks:clock-list", "bureau.view_deadlineclock"),
        (_("Audit trail"), "audit:changes", "bureau.view_audit_trail"),
        (_("My exports"), "exports:list", "bureau.export_records"),
        (_("Accounts"), "security:accounts", "bureau.change_user"),
        (_("Administration"), "admin:index", "bureau.view_user"),
    ]

    def ready(self) -> None:
        # Logins, logouts, lockouts, role and township changes become access events.
        from bureau.security import signals  # noqa: F401
        from bureau.security.admin import hide_second_factor_secrets

        hide_second_factor_secrets()
