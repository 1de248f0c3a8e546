"""Applications and their review chain (申请 → 村 → 乡镇 → 区 → 公示 → 确认)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VILLAGE_REVIEWED = "village_reviewed", _("Village reviewed")
    TOWNSHIP_REVIEWED = "township_reviewed", _("Township reviewed")
    BUREAU_APPROVED = "bureau_approved", _("Bureau approved")
    IN_NOTICE = "in_notice", _("In public notice")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The chain, in order; a return goes one step back, an approval one step forward.
CHAIN = [
    Status.SUBMITTED,
    Status.VILLAGE_REVIEWED,
    Status.TOWNSHIP_REVIEWED,
    Status.BUREAU_APPROVED,
    Status.IN_NOTICE,
    Status.CONFIRMED,
]
OPEN = [
    Status.SUBMITTED,
    Status.VILLAGE_REVIEWED,
    Status.TOWNSHIP_REVIEWED,
    Status.BUREAU_APPROVED,
    Status.IN_NOTICE,
]


@audited()
class Application(models.Model):
    Status = Status

    scheme = models.ForeignKey(
        "incentives.Scheme", verbose_name=_("scheme"), on_delete=models.PROTECT
    )
    category = models.CharField(_("category"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="benefit_applications",
    )
    payee = models.ForeignKey(
        "households.Person",
        verbose_name=_("applicant and payee"),
        on_delete=models.PROTECT,
        related_name="benefit_applications_as_payee",
        help_text=_("Whose card is paid: the beneficiary, or a parent for a child."),
    )
    child = models.ForeignKey(
        "households.Person",
        verbose_name=_("child concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.ForeignKey(
        "bureau.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="benefit_applications",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.SUBMITTED
    )
    conditions = models.JSONField(
        _("confirmed conditions"),
        default=dict,
        blank=True,
        help_text=_(
            "Code → {answer, evidence, by, at}, confirmed from the applicant's papers."
        ),
    )
    candidate_reason = models.CharField(_("why proposed"), max_length=300, blank=True)
    notice_starts_on = models.DateField(_("notice starts"), null=True, blank=True)
    notice_ends_on = models.DateField(_("notice ends"), null=True, blank=True)
    step_due_on = models.DateField(_("current step due"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("benefit application")
        verbose_name_plural = _("benefit applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "scheme", "year"],
                condition=models.Q(status__in=OPEN),
                name="incentives_one_open_application",
            )
        ]
        permissions = [
            ("review_village", "Can record the village review"),
            ("review_township", "Can record the township review"),
            ("approve_bureau", "Can approve applications for the bureau"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year} {self.person}"


@audited()
class ReviewStep(models.Model):
    """One entry of the review timeline: who moved the application, from where to where."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")
        PUBLISH = "publish", _("Public notice started")
        OBJECT = "object", _("Objection raised")
        CONFIRM = "confirm", _("Confirmed")
        REJECT = "reject", _("Rejected")
        WITHDRAW = "withdraw", _("Withdrawn")
        CONDITION = "condition", _("Condition confirmed")

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    from_status = models.CharField(_("from"), max_length=20, choices=Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    due_on = models.DateField(_("was due"), null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.from_status}→{self.to_status}"
