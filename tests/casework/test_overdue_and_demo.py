"""Overdue cases for the township's and the chief's pages, and the demo year of cases."""

import datetime as dt

import pytest
from django.utils import timezone

from bureau.demo import build_district
from casework import services
from casework.demo import build_cases
from casework.models import Case, FinePayment, Lead, Penalty
from casework.selectors import (
    overdue_cases,
    overdue_clocks_of_cases,
    overdue_counts_by_township,
)
from casework.statistics import case_statistics
from casework.workflow import Status
from tests.casework.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

D = dt.date


def test_overdue_cases_longest_first_within_the_scope(
    village, other_village, staff, chief
):
    late = open_case(village=village, by=staff, kind="petition", title="逾期未告知")
    earlier = open_case(
        village=village,
        by=staff,
        kind="petition",
        title="更早逾期",
        opened_on=D(2026, 8, 3),
    )
    on_time = open_case(village=village, by=staff, kind="petition", title="已告知")
    services.move_case(by=staff, case=on_time, to=Status.ACCEPTANCE_NOTIFIED)
    elsewhere = open_case(village=other_village, kind="petition", title="别处逾期")
    today = D(2026, 10, 20)  # acceptance of 1 Sep was due 16 Sep, of 3 Aug 18 Aug

    assert list(overdue_cases(staff, today=today)) == [earlier, late]
    assert overdue_cases(staff, today=today).first().overdue_since == D(2026, 8, 18)
    assert set(overdue_cases(chief, today=today)) == {earlier, late, elsewhere}
    assert list(overdue_cases(chief, today=today, township=other_village.township)) == [
        elsewhere
    ]
    assert not overdue_cases(staff, today=D(2026, 8, 18)).filter(pk=late.pk).exists()
    assert overdue_counts_by_township(chief, today=today) == {
        village.township_id: 2,
        other_village.township_id: 1,
    }
    assert overdue_counts_by_township(staff, today=today) == {village.township_id: 2}
    clocks = overdue_clocks_of_cases(staff, today=today)
    assert [(c.kind, c.due_on) for c in clocks] == [
        ("petition-acceptance", D(2026, 8, 18)),
        ("petition-acceptance", D(2026, 9, 16)),
    ]


def test_the_demo_builds_a_year_of_cases_once(chief):
    build_district()
    lines = build_cases()
    assert "leads and 两非 cases" in lines[0]
    assert Lead.objects.count() >= 8 * 9
    assert Case.objects.filter(kind="petition").exists()
    assert Penalty.objects.filter(type="fine").exists()
    assert FinePayment.objects.exists()
    assert Case.objects.filter(status=Status.CLOSED, kind="liangfei").exists()
    today = timezone.localdate()
    stats = case_statistics(
        chief, start=today - dt.timedelta(days=366), end=today + dt.timedelta(days=1)
    )
    assert stats.total.counts["leads"] == Lead.objects.count()
    assert stats.total.counts["fines_yuan"] > 0

    count = Case.objects.count()
    assert build_cases() == ["Casework: demo cases already present."]
    assert Case.objects.count() == count
