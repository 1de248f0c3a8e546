"""Overdue cases: the chief's page over every township, and one township's case page."""

import datetime as dt

from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from bureau import scoping
from bureau.views_base import visible_or_404
from casework import selectors, statistics
from casework.workflow import TRANSITIONS, Kind


def open_condition() -> Q:
    """Cases in a state their kind's machine can still move on from."""
    condition = Q(pk__in=[])
    for kind, machine in TRANSITIONS.items():
        condition |= Q(kind=kind, status__in=[s for s, nxt in machine.items() if nxt])
    return condition


def overdue_rows(user, *, township=None, limit: int = 500) -> list[dict]:
    """Visible cases with a time limit past its due date: the case and its late clocks."""
    today = timezone.localdate()
    cases = list(selectors.overdue_cases(user, today=today, township=township)[:limit])
    keys = [str(case.pk) for case in cases]
    late: dict[str, list] = {}
    for clock in selectors.overdue_clocks_of_cases(user, today=today).filter(
        object_id__in=keys
    ):
        late.setdefault(clock.object_id, []).append(clock)
    return [
        {
            "case": case,
            "clocks": late.get(str(case.pk), []),
            "days_late": (today - case.overdue_since).days,
        }
        for case in cases
    ]


@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def overdue_list(request):
    """Every overdue case the user may see, most late first, with counts per township."""
    rows = overdue_rows(request.user)
    per_township: dict[str, dict] = {}
    for row in rows:
        township = row["case"].township
        entry = per_township.setdefault(township.pk, {"township": township, "n": 0})
        entry["n"] += 1
    return render(
        request,
        "casework/overdue.html",
        {
            "rows": rows,
            "per_township": sorted(
                per_township.values(), key=lambda entry: -entry["n"]
            ),
        },
    )


def _target(user, township, year: int) -> dict | None:
    target = (
        selectors.visible_targets(user)
        .filter(township=township, year=year, kind=Kind.LIANGFEI)
        .first()
    )
    if target is None:
        return None
    figures = statistics.case_statistics(
        user,
        start=dt.date(year, 1, 1),
        end=dt.date(year + 1, 1, 1),
        townships=[township.pk],
    ).total
    return {"cases": target.cases, "filed": figures.counts["filed"]}


@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def township_cases(request, code: str):
    """One township's casework: its overdue cases first, then its open cases."""
    township = visible_or_404(scoping.visible_townships, request.user, code=code)
    year = timezone.localdate().year
    open_cases = (
        selectors.visible_cases(request.user)
        .filter(open_condition(), township=township)
        .order_by("opened_on", "pk")
    )
    return render(
        request,
        "casework/township.html",
        {
            "township": township,
            "overdue": overdue_rows(request.user, township=township),
            "open_cases": open_cases[:200],
            "year": year,
            "target": _target(request.user, township, year),
        },
    )
