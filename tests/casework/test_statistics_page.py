"""The casework statistics page per period and township, its charts and its export."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.models import AccessEvent
from casework import services
from tests.casework.factories import (
    PATH_TO_NOTICE,
    chief_user,
    decide,
    handler_of,
    open_case,
    walk,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

D = dt.date
REPORTER = "举报人陈某 13700000000"


def _decided_lead(village, *, by, fine):
    case = services.register_lead(
        by=by,
        township=village.township,
        source="hotline",
        title="举报某诊所鉴定胎儿性别",
        reporter=REPORTER,
        handlers=[by, handler_of(village.township)],
        received_at=dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC),
    )
    case = walk(case, PATH_TO_NOTICE, by=by, on=D(2026, 9, 2))
    return decide(case, by=by, fine=fine, on=D(2026, 10, 9))


@pytest.fixture
def figures(village, other_village, staff):
    _decided_lead(village, by=staff, fine="20000")
    other_staff = handler_of(other_village.township)
    _decided_lead(other_village, by=other_staff, fine="50000")
    open_case(village=village, by=staff, kind="petition", title="信访")


def _row(text: str, key: str) -> str:
    return text.split(f'data-key="{key}"')[1].split("</tr>")[0]


def _page(client, **query):
    return client.get(reverse("casework:statistics"), query)


def test_staff_see_their_townships_figures_with_the_fine_counted(
    client, figures, staff
):
    client.force_login(staff)

    page = _page(client, date_from="2026-01-01", date_to="2026-12-31")

    text = page.content.decode()
    assert page.status_code == 200
    assert "2026-01-01 – 2026-12-31" in text
    assert ">1<" in _row(text, "fines")
    assert "20,000.00" in _row(text, "fines_yuan")
    assert ">1<" in _row(text, "filed")
    assert "13700000000" not in text


def test_the_page_draws_its_charts_with_their_data(client, figures, staff):
    client.force_login(staff)

    text = _page(client, date_from="2026-01-01", date_to="2026-12-31").content.decode()

    assert text.count('data-testid="chart"') == 2
    assert "Leads by source" in text
    assert "Penalties by type" in text
    assert "vendor/echarts/echarts.min.js" in text
    assert "js/charts.js" in text


def test_the_chief_chooses_a_township_and_a_period(
    client, figures, village, other_village, chief
):
    client.force_login(chief)

    everyone = _page(client, date_from="2026-01-01", date_to="2026-12-31")
    one = _page(
        client,
        date_from="2026-01-01",
        date_to="2026-12-31",
        township=other_village.township.pk,
    )
    before = _page(client, date_from="2026-01-01", date_to="2026-08-31")

    assert ">2<" in _row(everyone.content.decode(), "fines")
    assert "70,000.00" in _row(everyone.content.decode(), "fines_yuan")
    assert "50,000.00" in _row(one.content.decode(), "fines_yuan")
    assert other_village.township.name in one.content.decode()
    assert ">0<" in _row(before.content.decode(), "fines")


def test_a_period_ending_before_it_starts_is_refused(client, figures, staff):
    client.force_login(staff)

    page = _page(client, date_from="2026-12-01", date_to="2026-01-01")

    text = page.content.decode()
    assert "The end date is before the start date." in text
    assert 'data-testid="statistics-table"' not in text


def test_another_township_cannot_be_chosen(client, figures, other_village, staff):
    client.force_login(staff)

    page = _page(client, township=other_village.township.pk)

    assert 'data-testid="statistics-table"' not in page.content.decode()
    assert "50,000.00" not in page.content.decode()


def test_the_export_goes_through_the_core_is_logged_and_carries_no_reporter(
    client, figures, village, auditor
):
    client.force_login(auditor)
    query = {
        "date_from": "2026-01-01",
        "date_to": "2026-12-31",
        "township": village.township.pk,
        "format": "csv",
    }

    response = client.get(reverse("casework:statistics-export"), query)

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(body))}
    assert rows["Figure"] == ["Value", "Unit"]
    assert rows["Fines"] == ["1", "count"]
    assert rows["Fines (yuan)"] == ["20000.00", "yuan"]
    assert "陈某" not in body
    assert "13700000000" not in body
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.subject == "casework.statistics"
    assert event.user == auditor
    assert event.filters["township"] == village.township.pk
    assert event.row_count == len(rows) - 1
    assert response["X-Export-SHA256"] == event.checksum


def test_staff_may_not_export(client, figures, staff):
    client.force_login(staff)
    page = _page(client)
    assert 'data-testid="statistics-export"' not in page.content.decode()
    response = client.get(reverse("casework:statistics-export"), {"format": "csv"})
    assert response.status_code == 403
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


def test_without_a_period_the_page_shows_this_year_so_far(client, figures, staff):
    today = timezone.localdate()
    client.force_login(staff)

    text = _page(client).content.decode()

    assert f'value="{today.year}-01-01"' in text
    assert f'value="{today:%Y-%m-%d}"' in text
    assert f"{today.year}-01-01 – {today:%Y-%m-%d}" in text


def test_the_chief_compares_the_townships(client, figures, village, other_village):
    client.force_login(chief_user())

    text = _page(client, date_from="2026-01-01", date_to="2026-12-31").content.decode()

    table = text.split('data-testid="statistics-townships"')[1].split("</table>")[0]
    own = table.split(f'data-township="{village.township.pk}"')[1].split("</tr>")[0]
    other = table.split(f'data-township="{other_village.township.pk}"')[1]
    assert "20,000.00" in own
    assert "50,000.00" in other.split("</tr>")[0]
    assert f"township={other_village.township.pk}" in other.split("</tr>")[0]


def test_one_township_has_no_comparison_table(client, figures, staff):
    client.force_login(staff)
    text = _page(client).content.decode()
    assert 'data-testid="statistics-townships"' not in text
