from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bureau.roles import Role

MODELS = (
    "household",
    "person",
    "surnamereading",
    "migrantrecord",
    "countyagreement",
    "correction",
    "sourcebatch",
    "reconciliationitem",
    "dataqualityissue",
    "qualityrun",
    "consent",
)
VIEW_ALL = frozenset(f"households.view_{model}" for model in MODELS)


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Population register")

    navigation = [
        (
            _("Population register"),
            "households:person-search",
            "households.view_person",
        ),
        (_("Households"), "households:household-list", "households.view_household"),
        (_("Corrections"), "households:correction-list", "households.view_correction"),
        (
            _("Import register"),
            "households:import-upload",
            "households.import_register",
        ),
        (
            _("Reconciliation"),
            "households:reconciliation-list",
            "households.view_reconciliationitem",
        ),
        (
            _("Data quality"),
            "households:quality-list",
            "households.view_dataqualityissue",
        ),
    ]

    role_permissions = {
        Role.STAFF: {
            *(
                f"households.{action}_{model}"
                for model in ("household", "person", "migrantrecord", "correction")
                for action in ("view", "add", "change")
            ),
            "households.view_consent",
            "households.add_consent",
            "households.change_consent",
            "households.view_countyagreement",
            "households.view_reconciliationitem",
            "households.change_reconciliationitem",
            "households.view_dataqualityissue",
            "households.run_quality_checks",
            "households.view_sourcebatch",
            "households.add_sourcebatch",
            "households.approve_correction",
            "households.import_register",
        },
        # The bureau places items no township could be matched to; townships decide them.
        Role.CHIEF: {
            *VIEW_ALL,
            "households.place_reconciliationitem",
            "households.run_quality_checks",
        },
        Role.AUDITOR: set(VIEW_ALL),
        Role.ADMIN: {
            f"households.{action}_{model}"
            for model in ("surnamereading", "countyagreement")
            for action in ("view", "add", "change")
        },
    }
