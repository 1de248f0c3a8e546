"""The deadlines page and the dashboard summary: the user's townships only."""

import datetime as dt

import pytest
from django.utils import timezone

from bureau.clocks import start_clock
from bureau.models import DeadlineClock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]


def clock_in(village, *, label, started_ago, kind=None, warn_before=5):
    return start_clock(
        subject=village,
        township=village.township,
        kind=kind or label,
        label=label,
        days=15,
        unit=DeadlineClock.Unit.CALENDAR,
        end_on_working_day=False,
        started_on=timezone.localdate() - dt.timedelta(days=started_ago),
        warn_before=warn_before,
        link=f"/cases/{label}/",
        by=None,
    )


@pytest.fixture
def clocks(village, other_village):
    return {
        "late": clock_in(village, label="overdue-here", started_ago=40),
        "soon": clock_in(village, label="soon-here", started_ago=12),
        "later": clock_in(village, label="later-here", started_ago=1),
        "elsewhere": clock_in(other_village, label="overdue-elsewhere", started_ago=40),
    }


def test_staff_see_the_overdue_clocks_of_their_township_only(client, staff, clocks):
    client.force_login(staff)
    page = client.get("/deadlines/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "overdue-here" in body
    assert 'href="/cases/overdue-here/"' in body
    assert "overdue-elsewhere" not in body
    assert "soon-here" not in body


def test_the_due_soon_tab_lists_clocks_inside_their_warning_period(
    client, staff, clocks
):
    client.force_login(staff)
    body = client.get("/deadlines/?show=due_soon").content.decode()
    assert "soon-here" in body
    assert "later-here" not in body
    assert "overdue-here" not in body


def test_the_chief_sees_every_township(client, chief, clocks):
    client.force_login(chief)
    body = client.get("/deadlines/").content.decode()
    assert "overdue-here" in body
    assert "overdue-elsewhere" in body


def test_filtering_by_another_township_shows_nothing_of_it(
    client, staff, clocks, other_village
):
    client.force_login(staff)
    page = client.get(f"/deadlines/?township={other_village.township_id}")
    body = page.content.decode()
    assert page.status_code == 200
    assert "overdue-elsewhere" not in body
    assert "overdue-here" not in body
    assert "Select a valid choice" in body


def test_the_list_page_runs_a_fixed_number_of_queries(
    client, staff, village, django_assert_max_num_queries
):
    for n in range(30):
        clock_in(village, label=f"late-{n}", started_ago=40)
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        assert client.get("/deadlines/").status_code == 200


def test_the_dashboard_counts_the_users_deadlines_and_links_to_them(
    client, staff, clocks
):
    client.force_login(staff)
    body = client.get("/").content.decode()
    assert "Time limits: 1 overdue, 1 due soon." in body
    assert 'href="/deadlines/"' in body


def test_an_administrator_without_the_permission_is_refused(client, administrator):
    client.force_login(administrator)
    assert client.get("/deadlines/").status_code == 403


def test_a_period_in_a_year_without_its_schedule_is_flagged(client, staff, village):
    clock_in(village, label="next-year", started_ago=40)
    DeadlineClock.objects.update(
        due_on=dt.date(2027, 3, 1), warn_on=dt.date(2027, 1, 1)
    )
    DeadlineClock.objects.update(state=DeadlineClock.State.EXPIRED)
    client.force_login(staff)
    body = client.get("/deadlines/").content.decode()
    assert 'data-testid="calendar-warning"' in body
    assert "2027" in body


def test_the_page_speaks_chinese_by_default(staff, clocks):
    from django.test import Client

    browser = Client()
    browser.force_login(staff)
    body = browser.get("/deadlines/").content.decode()
    assert "办理时限" in body
    assert "已超期" in body
