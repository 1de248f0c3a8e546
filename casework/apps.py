from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bureau.roles import Role

VIEW_ALL = frozenset({"casework.view_case", "casework.view_caseevent"})


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    navigation = [(_("Cases"), "casework:case-list", "casework.view_case")]

    # Townships open and handle cases; the bureau approves petition extensions.
    # The sealed reporter is further limited to the case's own handlers.
    role_permissions = {
        Role.STAFF: {
            *VIEW_ALL,
            "casework.add_case",
            "casework.change_case",
            "casework.transition_case",
            "casework.reveal_reporter",
        },
        Role.CHIEF: {
            *VIEW_ALL,
            "casework.transition_case",
            "casework.approve_extension",
        },
        Role.AUDITOR: set(VIEW_ALL),
    }
