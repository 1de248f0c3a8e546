"""From the dashboard's deadline summary to the overdue and due-soon lists, in Chinese."""

import datetime as dt

import pytest
from django.utils import timezone

from bureau.clocks import start_clock
from bureau.models import DeadlineClock
from bureau.roles import Role
from tests.bureau.factories import UserFactory, VillageFactory
from tests.conftest import BureauClient

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("holidays"),
]


def _clock(village, label, started_ago):
    return start_clock(
        subject=village,
        township=village.township,
        kind=f"limit-{started_ago}",
        label=label,
        days=15,
        unit=DeadlineClock.Unit.CALENDAR,
        end_on_working_day=False,
        started_on=timezone.localdate() - dt.timedelta(days=started_ago),
        warn_before=5,
        by=None,
    )


def test_staff_follow_the_dashboard_summary_to_their_deadlines(browser, live_server):
    village = VillageFactory.create()
    elsewhere = VillageFactory.create()
    staff = UserFactory.create(role=Role.STAFF, townships=[village.township])
    _clock(village, "信访受理告知", started_ago=40)
    _clock(village, "复查答复", started_ago=12)
    _clock(elsewhere, "别镇的时限", started_ago=40)

    client = BureauClient()
    client.force_login(staff)
    context = browser.new_context(locale="zh-CN")
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" else None
        ),
    )

    page.goto(f"{live_server.url}/")
    summary = page.get_by_test_id("deadline-summary")
    assert "1 项已超期，1 项即将到期" in summary.inner_text()
    summary.get_by_role("link").click()

    table = page.get_by_test_id("clock-table")
    assert "信访受理告知" in table.inner_text()
    assert "别镇的时限" not in page.content()
    page.get_by_role("link", name="即将到期").click()
    assert "复查答复" in page.get_by_test_id("clock-table").inner_text()
    assert "信访受理告知" not in page.get_by_test_id("clock-table").inner_text()
    assert errors == []
    context.close()
