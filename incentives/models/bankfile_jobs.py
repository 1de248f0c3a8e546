"""A request to build a batch's bank file, carried out by a background worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# A job in one of these states is still owed to its requester.
OPEN_JOB = [JobStatus.QUEUED, JobStatus.RUNNING]


@audited()
class BankFileJob(models.Model):
    """One request for the bank file of an approved batch.

    The worker may receive it more than once (a killed worker's task is delivered again);
    the file itself is made once per batch, so every delivery ends with the same file.
    """

    Status = JobStatus

    batch = models.ForeignKey(
        "incentives.PayoutBatch",
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="file_jobs",
    )
    layout = models.ForeignKey(
        "incentives.BankFileLayout",
        verbose_name=_("layout"),
        on_delete=models.PROTECT,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus, default=JobStatus.QUEUED
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    bank_file = models.ForeignKey(
        "incentives.BankFile",
        verbose_name=_("bank file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deliveries = models.PositiveSmallIntegerField(_("deliveries"), default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("bank file job")
        verbose_name_plural = _("bank file jobs")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch"],
                condition=models.Q(status__in=OPEN_JOB),
                name="incentives_one_open_bank_file_job",
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch} {self.get_status_display()}"

    @property
    def is_waiting(self) -> bool:
        return self.status in OPEN_JOB
