"""Deadline clocks through the API: the user's townships only, filters, counts."""

import datetime as dt

import pytest
from django.utils import timezone

from bureau.clocks import start_clock
from bureau.models import DeadlineClock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]


def clock_in(village, *, label, started_ago):
    return start_clock(
        subject=village,
        township=village.township,
        kind=label,
        label=label,
        days=15,
        unit=DeadlineClock.Unit.CALENDAR,
        end_on_working_day=False,
        started_on=timezone.localdate() - dt.timedelta(days=started_ago),
        warn_before=5,
        by=None,
    )


@pytest.fixture
def clocks(village, other_village):
    return {
        "late": clock_in(village, label="late", started_ago=40),
        "soon": clock_in(village, label="soon", started_ago=12),
        "elsewhere": clock_in(other_village, label="elsewhere", started_ago=40),
    }


def labels(response):
    return [row["label"] for row in response.json()["results"]]


def test_staff_list_the_clocks_of_their_township(api, clocks):
    response = api.get("/api/v1/deadlines/")
    assert response.status_code == 200
    assert sorted(labels(response)) == ["late", "soon"]


def test_the_status_filter_gives_overdue_or_due_soon(api, clocks):
    assert labels(api.get("/api/v1/deadlines/?status=overdue")) == ["late"]
    assert labels(api.get("/api/v1/deadlines/?status=due_soon")) == ["soon"]
    refused = api.get("/api/v1/deadlines/?status=late")
    assert refused.status_code == 400
    assert "status" in refused.json()


def test_another_townships_clock_answers_404(api, clocks):
    assert api.get(f"/api/v1/deadlines/{clocks['elsewhere'].pk}/").status_code == 404
    own = api.get(f"/api/v1/deadlines/{clocks['late'].pk}/").json()
    assert own["record_type"] == "bureau.village"
    assert own["due_on"] == str(clocks["late"].due_on)


def test_the_summary_counts_per_township_in_scope(api, api_as, chief, clocks, village):
    assert api.get("/api/v1/deadlines/summary/").json() == [
        {"township": village.township_id, "overdue": 1, "due_soon": 1}
    ]
    assert len(api_as(chief).get("/api/v1/deadlines/summary/").json()) == 2


def test_clocks_cannot_be_written_through_the_api(api, clocks):
    response = api.post("/api/v1/deadlines/", {"label": "x"})
    assert response.status_code in (403, 405)
