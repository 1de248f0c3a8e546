"""The period and township of the casework statistics page."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.forms import DateInput, ScopedForm, VisibleModelChoiceField
from bureau.scoping import visible_townships


class StatisticsForm(ScopedForm):
    date_from = forms.DateField(label=_("From"), widget=DateInput, required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput, required=False)
    township = VisibleModelChoiceField(
        selector=visible_townships,
        label=_("Township"),
        required=False,
        empty_label=_("All townships"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date_from"].initial = dt.date(today.year, 1, 1)
        self.fields["date_to"].initial = today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def chosen(self) -> tuple[dt.date, dt.date, Any] | None:
        """(first day, day after the last, township or None); None when invalid.

        Without dates the period is this year so far.
        """
        if self.is_bound and not self.is_valid():
            return None
        data = self.cleaned_data if self.is_bound else {}
        today = timezone.localdate()
        start = data.get("date_from") or dt.date(today.year, 1, 1)
        end = data.get("date_to") or today
        return start, end + dt.timedelta(days=1), data.get("township")
