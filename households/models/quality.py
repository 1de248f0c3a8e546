"""Data-quality findings from the nightly checks."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


@audited()
class DataQualityIssue(models.Model):
    class Kind(models.TextChoices):
        DUPLICATE_NUMBER = "duplicate_number", _("Duplicate ID number")
        TWO_HOUSEHOLDS = "two_households", _("Same person in two households")
        YOUNG_MOTHER = "young_mother", _("Mother younger than 15 at the birth")
        NO_HEAD = "no_head", _("Household without a head")
        DECEASED_RESIDENT = (
            "deceased_resident",
            _("Deceased person still marked resident"),
        )

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quality_issues",
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quality_issues",
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    first_seen_on = models.DateField(_("first seen"))
    last_seen_on = models.DateField(_("last seen"))
    resolved_on = models.DateField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("data-quality issue")
        verbose_name_plural = _("data-quality issues")
        ordering = ["resolved_on", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person", "household"],
                condition=models.Q(resolved_on__isnull=True),
                nulls_distinct=False,
                name="one_open_issue_per_finding",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


@audited()
class QualityRun(models.Model):
    """One run of the data-quality checks: the nightly one, or one asked for on the page."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Checks under way")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        "bureau.User",
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the nightly run."),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED
    )
    found = models.JSONField(
        _("open issues found"), default=dict, blank=True, help_text=_("Per kind.")
    )

    class Meta:
        verbose_name = _("data-quality run")
        verbose_name_plural = _("data-quality runs")
        ordering = ["-requested_at", "-pk"]
        permissions = [("run_quality_checks", "Can run the data-quality checks now")]

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def total_found(self) -> int:
        return sum(self.found.values()) if isinstance(self.found, dict) else 0
