"""Couples registered for the free pre-pregnancy check, their assessment and counselling.

Registration rests on both partners' consent (households consent records). Nothing here
records a pregnancy, contraception or any outcome of one: the assessment and counselling
serve the couple's own health, and a high-risk person stays on the follow-up list only
until counselled.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class CoupleStatus(models.TextChoices):
    ACTIVE = "active", _("Registered")
    ENDED = "ended", _("Registration ended")


@audited()
class Couple(models.Model):
    Status = CoupleStatus

    woman = models.ForeignKey(
        "households.Person",
        verbose_name=_("woman"),
        on_delete=models.PROTECT,
        related_name="checkup_couples_as_woman",
    )
    man = models.ForeignKey(
        "households.Person",
        verbose_name=_("man"),
        on_delete=models.PROTECT,
        related_name="checkup_couples_as_man",
    )
    registered_on = models.DateField(_("registered on"))
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checkup_couples",
    )
    village = models.ForeignKey(
        "bureau.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="checkup_couples",
    )
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="checkup_couples",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CoupleStatus, default=CoupleStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("registered couple")
        verbose_name_plural = _("registered couples")
        ordering = ["-registered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["woman"],
                condition=Q(status="active"),
                name="checkups_one_active_couple_a_woman",
            ),
            models.UniqueConstraint(
                fields=["man"],
                condition=Q(status="active"),
                name="checkups_one_active_couple_a_man",
            ),
            models.CheckConstraint(
                condition=~Q(woman=models.F("man")),
                name="checkups_couple_of_two_persons",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.woman} / {self.man}"

    def partners(self) -> tuple:
        return (self.woman, self.man)


class AssessmentOutcome(models.TextChoices):
    GENERAL = "general", _("General (no adverse factor found)")
    ONE_PARTNER_ONLY = "one_partner_only", _("One partner only examined")
    HIGH_RISK = "high_risk", _("High risk")


class RiskFactor(models.TextChoices):
    GENETIC = "genetic", _("Genetic or family history")
    OBSTETRIC = "obstetric", _("Adverse obstetric history")
    INFECTION = "infection", _("Infection (HBV, syphilis, TORCH)")
    RUBELLA_SUSCEPTIBLE = "rubella_susceptible", _("Rubella-susceptible")
    CHRONIC = "chronic", _("Chronic disease")
    MEDICINES = "medicines", _("Medicines")
    OCCUPATIONAL = "occupational", _("Occupational or environmental exposure")
    LIFESTYLE = "lifestyle", _("Lifestyle (smoking, alcohol)")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")


class RiskClass(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    X = "X", "X"


@audited()
class RiskAssessment(models.Model):
    """One partner's assessment after the check; reassessing updates it (audited)."""

    Outcome = AssessmentOutcome
    Factor = RiskFactor
    RiskClass = RiskClass

    couple = models.ForeignKey(
        Couple,
        verbose_name=_("couple"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="checkup_assessments",
    )
    visit = models.ForeignKey(
        "checkups.Visit",
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=AssessmentOutcome)
    factors = ArrayField(
        models.CharField(max_length=20, choices=RiskFactor),
        verbose_name=_("risk factors"),
        default=list,
        blank=True,
    )
    risk_class = models.CharField(
        _("risk class"), max_length=1, choices=RiskClass, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "person"], name="checkups_one_assessment_a_partner"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="high_risk") | ~Q(factors=[]),
                name="checkups_high_risk_names_a_factor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_outcome_display()}"


@audited()
class Counselling(models.Model):
    couple = models.ForeignKey(
        Couple,
        verbose_name=_("couple"),
        on_delete=models.PROTECT,
        related_name="counselling",
    )
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person counselled"),
        on_delete=models.PROTECT,
        related_name="checkup_counselling",
    )
    counselled_on = models.DateField(_("date"))
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    face_to_face = models.BooleanField(_("face to face"), default=True)
    content = models.TextField(_("content"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("counselling record")
        verbose_name_plural = _("counselling records")
        ordering = ["-counselled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.counselled_on}"
