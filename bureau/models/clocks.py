"""Deadline clocks: a time limit attached to any row, warned before and escalated after expiry.

Write through `bureau.clocks` (start, pause, resume, extend, meet); the hourly job there
sends each warning and each escalation once.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from bureau.models.org import Township
from bureau.roles import Role


@audited()
class DeadlineClock(models.Model):
    class Unit(models.TextChoices):
        WORKING = "working", _("working days")
        CALENDAR = "calendar", _("calendar days")

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        MET = "met", _("Met")
        EXPIRED = "expired", _("Expired")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("record"), max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    township = models.ForeignKey(
        Township,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="deadline_clocks",
    )
    kind = models.SlugField(
        _("kind"),
        max_length=60,
        help_text=_("What the app calls this limit, e.g. petition-acceptance."),
    )
    label = models.CharField(_("time limit"), max_length=200)
    link = models.CharField(_("link"), max_length=500, blank=True)

    started_on = models.DateField(_("started on"))
    days = models.PositiveSmallIntegerField(_("days allowed"))
    unit = models.CharField(_("counted in"), max_length=10, choices=Unit)
    end_on_working_day = models.BooleanField(
        _("a period ending on a rest day ends on the next working day"), default=True
    )
    extra_days = models.PositiveSmallIntegerField(_("extension (days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    paused_days = models.PositiveSmallIntegerField(
        _("days paused"),
        default=0,
        help_text=_("Days not counted while paused, in the clock's unit."),
    )
    due_on = models.DateField(_("due on"))
    warn_before = models.PositiveSmallIntegerField(_("warn days before"), default=0)
    warn_on = models.DateField(_("warn on"))

    warn_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("warned"),
        blank=True,
        related_name="+",
    )
    warn_role = models.CharField(
        _("warned role"), max_length=10, choices=Role, blank=True
    )
    escalate_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escalated to"),
        blank=True,
        related_name="+",
    )
    escalate_role = models.CharField(
        _("escalated to role"), max_length=10, choices=Role, blank=True
    )

    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.RUNNING
    )
    paused_on = models.DateField(_("paused on"), null=True, blank=True)
    pause_reason = models.CharField(
        _("reason for the pause"), max_length=200, blank=True
    )
    met_on = models.DateField(_("met on"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warning sent"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalation sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deadline clock")
        verbose_name_plural = _("deadline clocks")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["township", "state", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                name="one_clock_per_kind_per_record",
            ),
            models.CheckConstraint(
                condition=models.Q(days__gt=0), name="clock_allows_some_days"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="paused") | models.Q(paused_on__isnull=False),
                name="paused_clock_has_pause_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="met") | models.Q(met_on__isnull=False),
                name="met_clock_has_met_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.due_on})"

    @property
    def met_in_time(self) -> bool | None:
        """True or False once met; None while open."""
        if self.met_on is None:
            return None
        return self.met_on <= self.due_on


@audited()
class ClockPause(models.Model):
    """One pause of a clock, e.g. while a hearing is pending (听证期间不计入)."""

    clock = models.ForeignKey(
        DeadlineClock,
        verbose_name=_("deadline clock"),
        on_delete=models.CASCADE,
        related_name="pauses",
    )
    paused_on = models.DateField(_("paused on"))
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    days_not_counted = models.PositiveSmallIntegerField(
        _("days not counted"), default=0
    )
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paused by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resumed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["paused_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock"],
                condition=models.Q(resumed_on__isnull=True),
                name="one_open_pause_per_clock",
            )
        ]

    def __str__(self) -> str:
        return f"{self.paused_on} {self.reason}"
