from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bureau.roles import Role

MODELS = (
    "case",
    "caseevent",
    "provider",
    "practitioner",
    "caseparty",
    "lead",
    "reporterreward",
    "decision",
    "penalty",
    "finepayment",
    "seizeditem",
    "casetarget",
)
VIEW_ALL = frozenset(f"casework.view_{model}" for model in MODELS)
# What township staff record on their own townships' cases.
STAFF_WRITES = frozenset(
    f"casework.{action}_{model}"
    for model in (
        "provider",
        "practitioner",
        "caseparty",
        "lead",
        "reporterreward",
        "decision",
        "finepayment",
        "seizeditem",
    )
    for action in ("add", "change")
)


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    navigation = [(_("Cases"), "casework:case-list", "casework.view_case")]

    # Townships open and handle cases; the bureau approves petition extensions and
    # reporter rewards, and sets the yearly targets.
    # The sealed reporter is further limited to the case's own handlers.
    role_permissions = {
        Role.STAFF: {
            *VIEW_ALL,
            *STAFF_WRITES,
            "casework.add_case",
            "casework.change_case",
            "casework.transition_case",
            "casework.reveal_reporter",
        },
        Role.CHIEF: {
            *VIEW_ALL,
            "casework.transition_case",
            "casework.approve_extension",
            "casework.approve_reward",
            "casework.add_casetarget",
            "casework.change_casetarget",
        },
        Role.AUDITOR: set(VIEW_ALL),
    }
