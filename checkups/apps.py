from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from bureau.roles import Role

MODELS = (
    "campaign",
    "site",
    "serviceitem",
    "invitation",
    "visit",
    "visitservice",
    "referral",
    "couple",
    "riskassessment",
    "counselling",
)
VIEW_ALL = frozenset(f"checkups.view_{model}" for model in MODELS)
HEALTH_DETAILS = "checkups.view_health_details"


class CheckupsConfig(AppConfig):
    name = "checkups"
    verbose_name = _("Health check-ups")

    navigation = [
        (_("Check-ups"), "checkups:campaign-list", "checkups.view_campaign"),
        (_("Pre-pregnancy couples"), "checkups:couple-list", "checkups.view_couple"),
    ]

    # Township staff run the campaigns in their townships and are the only role that
    # sees health details (findings, medicine, referrals, risk factors, counselling
    # content), and only in their townships. Chiefs plan campaigns and, like auditors,
    # see figures and masked lists, never a finding.
    role_permissions = {
        Role.STAFF: {
            *VIEW_ALL,
            HEALTH_DETAILS,
            "checkups.run_campaign",
            "checkups.add_site",
            "checkups.change_invitation",
            "checkups.add_visit",
            "checkups.change_visit",
            "checkups.sign_visit",
            "checkups.add_referral",
            "checkups.change_referral",
            "checkups.add_couple",
            "checkups.change_couple",
            "checkups.add_riskassessment",
            "checkups.change_riskassessment",
            "checkups.add_counselling",
        },
        Role.CHIEF: {
            *VIEW_ALL,
            "checkups.add_campaign",
            "checkups.change_campaign",
            "checkups.run_campaign",
            "checkups.add_site",
        },
        Role.AUDITOR: set(VIEW_ALL),
        Role.ADMIN: {
            f"checkups.{action}_serviceitem" for action in ("view", "add", "change")
        },
    }

    def ready(self):
        # The catalogue is reference data: a data migration writes it once, and this
        # puts back any item missing after a database flush (which re-emits post_migrate).
        post_migrate.connect(_load_catalogue, sender=self)


def _load_catalogue(sender, using="default", **kwargs):
    from checkups.catalogue import load_items

    load_items()
