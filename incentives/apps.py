from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bureau.roles import Role

MODELS = (
    "scheme",
    "rate",
    "application",
    "reviewstep",
    "entitlement",
    "entitlementchange",
    "bankaccount",
    "payoutbatch",
    "payoutline",
    "bankfile",
    "bankresultflag",
    "bankfilelayout",
    "bankfilejob",
)
VIEW_ALL = frozenset(f"incentives.view_{model}" for model in MODELS)


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = _("Family benefits")

    navigation = [
        (_("Benefits"), "incentives:application-list", "incentives.view_application"),
        (_("Payouts"), "incentives:batch-list", "incentives.view_payoutbatch"),
    ]

    # Townships review at village and township level, record accounts and confirm
    # register changes; the bureau approves applications and makes and checks batches.
    role_permissions = {
        Role.STAFF: {
            *VIEW_ALL,
            "incentives.add_application",
            "incentives.change_application",
            "incentives.review_village",
            "incentives.review_township",
            "incentives.change_entitlement",
            "incentives.change_entitlementchange",
            "incentives.add_bankaccount",
            "incentives.reveal_bankaccount",
        },
        Role.CHIEF: {
            *VIEW_ALL,
            "incentives.change_application",
            "incentives.approve_bureau",
            "incentives.change_entitlement",
            "incentives.change_entitlementchange",
            "incentives.add_payoutbatch",
            "incentives.change_payoutbatch",
            "incentives.approve_payoutbatch",
            "incentives.change_bankresultflag",
        },
        Role.AUDITOR: set(VIEW_ALL),
        Role.ADMIN: {
            f"incentives.{action}_{model}"
            for model in ("scheme", "rate", "bankfilelayout")
            for action in ("view", "add", "change")
        },
    }
