"""The working-day calendar: the State Council's yearly holiday schedule, editable in the admin.

Saturdays and Sundays are rest days and Monday to Friday are working days unless a
`CalendarDay` says otherwise: a public holiday (法定节假日 and the days swapped into it)
or a make-up working day (调休上班, a weekend day that is worked).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


@audited()
class HolidaySchedule(models.Model):
    """One year's schedule, from the State Council General Office notice (国务院办公厅通知)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    notice = models.CharField(
        _("notice"),
        max_length=200,
        blank=True,
        help_text=_("The notice the days come from, e.g. 国办发明电〔2025〕7号."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    complete = models.BooleanField(
        _("official schedule entered"),
        default=False,
        help_text=_(
            "Tick once every holiday and make-up working day of the notice is entered. "
            "Until then deadlines in this year are counted with a warning."
        ),
    )

    class Meta:
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


@audited()
class CalendarDay(models.Model):
    """A date that is not what its weekday says: a holiday on a weekday, or a worked weekend."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday (放假)")
        WORKDAY = "workday", _("Make-up working day (调休上班)")

    date = models.DateField(_("date"), primary_key=True)
    schedule = models.ForeignKey(
        HolidaySchedule,
        verbose_name=_("schedule"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    name = models.CharField(
        _("holiday"), max_length=50, help_text=_("e.g. 国庆节, 春节")
    )

    class Meta:
        verbose_name = _("holiday or make-up working day")
        verbose_name_plural = _("holidays and make-up working days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} ({self.get_kind_display()})"

    def clean(self) -> None:
        if self.date and self.schedule_id and self.date.year != self.schedule_id:
            raise ValidationError(
                {
                    "date": _("%(date)s is not in the %(year)s schedule.")
                    % {"date": self.date, "year": self.schedule_id}
                }
            )
        if self.date and self.kind == self.Kind.WORKDAY and self.date.weekday() < 5:
            raise ValidationError(
                {
                    "kind": _(
                        "%(date)s is a weekday, which is a working day anyway; "
                        "a make-up working day is a Saturday or Sunday."
                    )
                    % {"date": self.date}
                }
            )
