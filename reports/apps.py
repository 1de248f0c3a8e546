from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bureau.roles import Role

SCORES = ("rankingrun", "townshipscore", "itemscore", "publication", "monthlyfigure")
VIEW_ALL = frozenset(
    f"reports.view_{model}"
    for model in (
        "directive",
        "directiveitem",
        "receipt",
        "ledgerentry",
        "yellowcard",
        *SCORES,
    )
)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    navigation = [
        (_("Ranking"), "reports:ranking", "reports.view_townshipscore"),
        (_("Directives"), "reports:directive-list", "reports.view_directive"),
        (_("Directives received"), "reports:receipt-list", "reports.sign_receipt"),
        (_("Statistics"), "reports:statistics", "reports.view_monthlyfigure"),
        (_("Township ledger"), "reports:ledger", "reports.view_ledgerentry"),
        (_("Yellow cards"), "reports:yellowcard-list", "reports.view_yellowcard"),
    ]

    # Township staff see their own townships' rows (the selectors narrow them);
    # the chief sets directives, publishes months and decides yellow cards.
    role_permissions = {
        # Township staff read a directive through their township's receipt of it.
        Role.STAFF: {
            *(VIEW_ALL - {"reports.view_directive"}),
            "reports.sign_receipt",
            "reports.change_ledgerentry",
            "reports.change_yellowcard",
        },
        Role.CHIEF: {
            *VIEW_ALL,
            "reports.add_directive",
            "reports.change_directive",
            "reports.add_directiveitem",
            "reports.change_directiveitem",
            "reports.delete_directiveitem",
            "reports.publish_directive",
            "reports.decide_yellowcard",
        },
        Role.AUDITOR: set(VIEW_ALL),
    }
