"""Roles, and the permissions each role carries.

A user has exactly one role. Permissions are derived from it by
`bureau.auth.RoleBackend`; no view branches on the role itself. Each app lists
what its models allow per role in its AppConfig's `role_permissions`, so this
module never has to know the apps above it.
"""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Township staff")
    CHIEF = "chief", _("Bureau chief")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


# Permissions of the core itself; apps add theirs in AppConfig.role_permissions.
CORE_PERMISSIONS: dict[str, set[str]] = {
    Role.STAFF: {
        "bureau.view_township",
        "bureau.view_village",
        "bureau.unmask_personal_data",
        "bureau.view_attachment",
        "bureau.add_attachment",
        "bureau.view_deadlineclock",
    },
    Role.CHIEF: {
        "bureau.view_township",
        "bureau.view_village",
        "bureau.view_all_townships",
        "bureau.view_dashboards",
        "bureau.view_attachment",
        "bureau.view_deadlineclock",
    },
    Role.AUDITOR: {
        "bureau.view_township",
        "bureau.view_village",
        "bureau.view_all_townships",
        "bureau.view_audit_trail",
        "bureau.export_records",
        "bureau.unmask_personal_data",
        "bureau.view_dashboards",
        "bureau.view_attachment",
        "bureau.view_deadlineclock",
    },
    Role.ADMIN: {
        "bureau.view_township",
        "bureau.add_township",
        "bureau.change_township",
        "bureau.view_village",
        "bureau.add_village",
        "bureau.change_village",
        "bureau.view_holidayschedule",
        "bureau.add_holidayschedule",
        "bureau.change_holidayschedule",
        "bureau.view_calendarday",
        "bureau.add_calendarday",
        "bureau.change_calendarday",
        "bureau.delete_calendarday",
        "bureau.view_user",
        "bureau.add_user",
        "bureau.change_user",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
    },
}


def permissions_for(role: str) -> frozenset[str]:
    """Every "app_label.codename" permission that `role` carries."""
    granted = set(CORE_PERMISSIONS.get(role, ()))
    for config in apps.get_app_configs():
        granted |= set(getattr(config, "role_permissions", {}).get(role, ()))
    return frozenset(granted)
