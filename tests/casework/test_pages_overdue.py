"""The overdue page (the chief's, over every township) and one township's case page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.selectors import overdue_cases
from casework.workflow import Status
from tests.casework.factories import chief_user, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]


@pytest.fixture
def cases(village, other_village, staff):
    """A petition left unanswered since 1 Sep (acceptance due 16 Sep), one answered in
    time, and an overdue petition of another township."""
    late = open_case(village=village, by=staff, kind="petition", title="逾期未告知")
    on_time = open_case(village=village, by=staff, kind="petition", title="已按时告知")
    services.move_case(by=staff, case=on_time, to=Status.ACCEPTANCE_NOTIFIED)
    elsewhere = open_case(village=other_village, kind="petition", title="别镇逾期")
    return late, on_time, elsewhere


def test_the_chief_sees_every_townships_overdue_cases_most_late_first(
    client, cases, village, other_village
):
    late, on_time, elsewhere = cases
    client.force_login(chief_user())

    page = client.get(reverse("casework:overdue"))

    text = page.content.decode()
    assert page.status_code == 200
    assert late.number in text
    assert elsewhere.number in text
    assert on_time.title not in text
    assert "书面告知受理" in text
    since = (
        overdue_cases(late.created_by, township=village.township).get().overdue_since
    )
    days = (timezone.localdate() - since).days
    assert f'<td class="text-end num text-danger">{days}</td>' in text
    assert village.township.name in text
    assert other_village.township.name in text


def test_staff_see_only_their_townships_overdue_cases(client, cases, staff):
    late, _on_time, elsewhere = cases
    client.force_login(staff)

    text = client.get(reverse("casework:overdue")).content.decode()

    assert late.number in text
    assert elsewhere.title not in text


def test_the_township_page_lists_its_overdue_and_open_cases_and_its_target(
    client, cases, village, staff
):
    late, on_time, elsewhere = cases
    services.set_target(
        by=chief_user(),
        township=village.township,
        year=timezone.localdate().year,
        cases=14,
    )
    client.force_login(staff)

    page = client.get(reverse("casework:township", args=[village.township.pk]))

    text = page.content.decode()
    overdue, open_part = text.split('data-testid="open-cases"')
    assert late.number in overdue
    assert on_time.number not in overdue
    assert on_time.number in open_part
    assert elsewhere.title not in text
    assert "0 of 14 两非 cases filed against the target" in text


def test_another_township_page_answers_404(client, cases, other_village, staff):
    client.force_login(staff)
    page = client.get(reverse("casework:township", args=[other_village.township.pk]))
    assert page.status_code == 404


def _figure(text: str, key: str) -> tuple[str, str]:
    """(value, link) of one dashboard figure."""
    found = re.search(
        rf'href="([^"]*)" data-testid="figure-{key}">.*?'
        r'data-testid="figure-value">([^<]*)<',
        text,
        re.S,
    )
    assert found, key
    return found[2].strip(), found[1].replace("&amp;", "&")


def test_the_dashboard_counts_overdue_cases_and_the_users_open_cases(
    client, cases, staff
):
    client.force_login(staff)

    text = client.get(reverse("home")).content.decode()

    assert _figure(text, "cases-overdue") == ("1", reverse("casework:overdue"))
    assert _figure(text, "cases-mine") == (
        "2",
        reverse("casework:case-list") + "?mine=true",
    )
    mine = client.get(reverse("casework:case-list"), {"mine": "true"})
    assert mine.content.decode().count('class="fw-semibold" href="/cases/') == 2


def test_the_chief_sees_every_townships_overdue_cases_on_the_dashboard(client, cases):
    client.force_login(chief_user())

    text = client.get(reverse("home")).content.decode()

    assert _figure(text, "cases-overdue")[0] == "2"
    assert 'data-testid="figure-cases-mine"' not in text
