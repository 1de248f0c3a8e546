"""Monthly statistics per township and indicator, and their export."""

import datetime

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from bureau import exports, scoping
from reports import selectors
from reports.exports import STATISTICS

VIEW = "reports.view_monthlyfigure"


class StatisticsFilter(forms.Form):
    month = forms.ChoiceField(label=gettext_lazy("Month"), required=False)
    township = forms.ChoiceField(label=gettext_lazy("Township"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        months = (
            selectors.visible_monthly_figures(user)
            .order_by("-month")
            .values_list("month", flat=True)
            .distinct()
        )
        self.fields["month"].choices = [(f"{m:%Y-%m}", f"{m:%Y-%m}") for m in months]
        self.fields["township"].choices = [
            ("", gettext_lazy("All")),
            *scoping.visible_townships(user).values_list("code", "name"),
        ]

    def chosen(self) -> tuple[datetime.date | None, str]:
        data = self.cleaned_data if self.is_valid() else {}
        month = data.get("month") or (
            self.fields["month"].choices[0][0] if self.fields["month"].choices else ""
        )
        day = datetime.date.fromisoformat(f"{month}-01") if month else None
        return day, data.get("township", "")


def _display(figure) -> str:
    if figure is None:
        return ""
    value = figure.value
    if figure.denominator is None:
        return f"{figure.numerator.normalize():f}"
    return (
        f"{value:.4f} ({figure.numerator:.0f}/{figure.denominator:.0f})"
        if value is not None
        else ""
    )


@permission_required(VIEW, raise_exception=True)
@scoping.scoped
def statistics(request):
    """Every indicator per township for a month (written nightly), with export links."""
    form = StatisticsFilter(request.GET or None, user=request.user)
    month, township = form.chosen()
    indicators, rows = (
        selectors.statistics_table(request.user, month=month, township=township)
        if month
        else ([], [])
    )
    return render(
        request,
        "reports/statistics.html",
        {
            "form": form,
            "month": month,
            "township": township,
            "indicators": indicators,
            "rows": [
                (code, name, [_display(f) for f in figures])
                for code, name, figures in rows
            ],
        },
    )


@permission_required(VIEW, raise_exception=True)
@scoping.scoped
def statistics_export(request):
    """The filtered statistics (one row per month, township and indicator) as XLSX or
    CSV through the core export path: sent at once, or above EXPORT_BACKGROUND_ROWS
    written by a background job whose page shows the progress and the download."""
    try:
        options = exports.read_options(request.GET, user=request.user)
        return exports.export_or_queue(
            request=request, source=STATISTICS, params=request.GET, options=options
        )
    except exports.ExportError as error:
        return HttpResponseBadRequest(
            error.message, content_type="text/plain; charset=utf-8"
        )
