"""Reading cases, scoped to the townships a user may see."""

from typing import Any

from django.db.models import QuerySet

from bureau.clocks import clocks_for
from bureau.models import DeadlineClock
from bureau.scoping import within_townships
from casework.models import Case, CaseEvent


def visible_cases(user: Any) -> QuerySet[Case]:
    """Cases in the townships `user` may see."""
    return within_townships(
        Case.objects.select_related("township"), user, via="township"
    )


def visible_case_events(user: Any) -> QuerySet[CaseEvent]:
    """Timeline lines of the cases `user` may see."""
    return within_townships(
        CaseEvent.objects.select_related("case", "by"), user, via="case__township"
    )


def timeline(case: Case) -> QuerySet[CaseEvent]:
    """The timeline of a case already read through `visible_cases`, oldest first."""
    return case.timeline.select_related("by").order_by("at", "pk")


def case_clocks(case: Case) -> QuerySet[DeadlineClock]:
    """The time limits of a case already read through `visible_cases`."""
    return clocks_for(case)
