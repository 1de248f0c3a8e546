"""The deadlines page: overdue and due-soon clocks in the user's townships."""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from bureau import clocks, scoping
from bureau.forms import ScopedForm, VisibleModelChoiceField
from bureau.views_base import paginate
from bureau.workdays import calendar_warning

OVERDUE = "overdue"
DUE_SOON = "due_soon"


class ClockFilterForm(ScopedForm):
    show = forms.ChoiceField(
        label=_("Show"),
        choices=[(OVERDUE, _("Overdue")), (DUE_SOON, _("Due soon"))],
        required=False,
    )
    township = VisibleModelChoiceField(
        selector=scoping.visible_townships,
        label=_("Township"),
        required=False,
        empty_label=_("All my townships"),
    )


@permission_required("bureau.view_deadlineclock", raise_exception=True)
@scoping.scoped
def clock_list(request):
    """Overdue (or due-soon) clocks, oldest due first; a bad filter shows nothing."""
    today = timezone.localdate()
    form = ClockFilterForm(request.GET, user=request.user)
    show = OVERDUE
    rows = clocks.overdue_clocks(request.user, today=today).none()
    if form.is_valid():
        show = form.cleaned_data["show"] or OVERDUE
        select = clocks.due_soon_clocks if show == DUE_SOON else clocks.overdue_clocks
        rows = select(request.user, today=today)
        if form.cleaned_data["township"]:
            rows = rows.filter(township=form.cleaned_data["township"])
    page = paginate(request, rows)
    counts = clocks.clock_counts_by_township(request.user, today=today)
    last_due = max((clock.due_on for clock in page), default=today)
    return render(
        request,
        "bureau/clock_list.html",
        {
            "form": form,
            "page": page,
            "show": show,
            "today": today,
            "overdue_total": sum(count["overdue"] for count in counts.values()),
            "due_soon_total": sum(count["due_soon"] for count in counts.values()),
            "calendar_warning": calendar_warning(today, last_due),
            "query": urlencode(
                {key: value for key, value in request.GET.items() if key != "page"}
            ),
        },
    )
