"""Visits: what was delivered to whom, the findings, and two signatures.

A visit counts (attendance, coverage, every figure) only when both the examiner and a
verifier, a different user, have signed it; with one signature it is incomplete.
Findings, medicine and referrals are health data (PIPL art. 28): only users with
`checkups.view_health_details` in the township see them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class IdentityMethod(models.TextChoices):
    CARD_READER = "card_reader", _("ID card read by card reader")
    CARD_SEEN = "card_seen", _("ID card inspected by staff")
    HOUSEHOLD_BOOKLET = "booklet", _("Household booklet (户口簿)")
    OTHER_DOCUMENT = "other", _("Other identity document")


class Findings(models.TextChoices):
    NORMAL = "normal", _("Normal")
    ABNORMAL = "abnormal", _("Abnormal")


class FindingCategory(models.TextChoices):
    GYNAECOLOGICAL_INFECTION = "gyn_infection", _("Gynaecological infection")
    CERVICAL = "cervical", _("Cervical abnormality")
    BREAST = "breast", _("Breast abnormality")
    BLOOD_PRESSURE = "blood_pressure", _("Raised blood pressure")
    LAB_RESULT = "lab_result", _("Abnormal laboratory result")
    INFECTION = "infection", _("Infection (HBV, syphilis, TORCH)")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    DECLINED = "declined", _("Declined")


@audited()
class Visit(models.Model):
    IdentityMethod = IdentityMethod
    Findings = Findings
    FindingCategory = FindingCategory

    invitation = models.ForeignKey(
        "checkups.Invitation",
        verbose_name=_("invitation"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person examined"),
        on_delete=models.PROTECT,
        related_name="checkup_visits",
    )
    visited_on = models.DateField(_("date"))
    site = models.ForeignKey(
        "checkups.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    identity_method = models.CharField(
        _("identity checked by"), max_length=12, choices=IdentityMethod
    )
    findings = models.CharField(
        _("findings"), max_length=10, choices=Findings, blank=True
    )
    finding_category = models.CharField(
        _("finding category"), max_length=16, choices=FindingCategory, blank=True
    )
    finding_notes = models.TextField(_("finding notes"), blank=True)
    free_medicine = models.CharField(
        _("free medicine given"),
        max_length=200,
        blank=True,
        help_text=_(
            "What was given, e.g. folic acid tablets ×3 bottles; empty for none."
        ),
    )
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examiner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    examiner_signed_at = models.DateTimeField(
        _("examiner signed"), null=True, blank=True
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verifier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verifier_signed_at = models.DateTimeField(
        _("verifier signed"), null=True, blank=True
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        default="entry",
        help_text=_("entry, or import when it came from a clinic's attendance list."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("check-up visit")
        verbose_name_plural = _("check-up visits")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "person"], name="checkups_one_visit_a_person"
            ),
            models.CheckConstraint(
                condition=Q(verifier__isnull=True)
                | Q(examiner__isnull=True)
                | ~Q(verifier=F("examiner")),
                name="checkups_verifier_is_not_examiner",
            ),
            models.CheckConstraint(
                condition=Q(verifier__isnull=True) | Q(examiner__isnull=False),
                name="checkups_examiner_signs_first",
            ),
            models.CheckConstraint(
                condition=Q(findings="abnormal") | Q(finding_category=""),
                name="checkups_category_only_when_abnormal",
            ),
        ]
        permissions = [
            ("sign_visit", "Can sign check-up visits as examiner or verifier"),
            ("view_health_details", "Can see check-up findings and health details"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.visited_on}"

    @property
    def is_complete(self) -> bool:
        """Signed by the examiner and by a different verifier: only then it counts."""
        return bool(
            self.examiner_id
            and self.verifier_id
            and self.examiner_id != self.verifier_id
        )


@audited()
class VisitService(models.Model):
    Outcome = Outcome

    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    item = models.ForeignKey(
        "checkups.ServiceItem",
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome)

    class Meta:
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        ordering = ["visit_id", "item__number", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "item"], name="checkups_one_outcome_an_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_outcome_display()}"


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting outcome")
    SEEN = "seen", _("Seen at the destination")
    TREATED = "treated", _("Treated")
    NOT_SEEN = "not_seen", _("Did not go")
    DECLINED = "declined", _("Declined the referral")


# A referral is complete when the outcome is known; declining is an outcome, not a failure.
REFERRAL_DONE = (
    ReferralOutcome.SEEN,
    ReferralOutcome.TREATED,
    ReferralOutcome.DECLINED,
)


@audited()
class Referral(models.Model):
    Outcome = ReferralOutcome

    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    destination = models.CharField(_("referred to"), max_length=200)
    reason = models.CharField(_("reason"), max_length=300)
    referred_on = models.DateField(_("referred on"))
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=ReferralOutcome,
        default=ReferralOutcome.PENDING,
    )
    outcome_note = models.CharField(_("outcome note"), max_length=300, blank=True)
    outcome_recorded_at = models.DateTimeField(
        _("outcome recorded"), null=True, blank=True
    )
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("outcome recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True)
                | Q(follow_up_on__gte=F("referred_on")),
                name="checkups_follow_up_after_referral",
            )
        ]

    def __str__(self) -> str:
        return f"{self.destination} · {self.get_outcome_display()}"
