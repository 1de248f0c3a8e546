"""The case list and a case's page, inside the township scope."""

import pytest
from django.urls import reverse

from casework import services
from casework.models import Case
from casework.workflow import Status
from tests.casework.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]


def test_the_list_shows_own_cases_only(client, village, other_village, staff):
    own = open_case(village=village, by=staff)
    other = open_case(village=other_village, title="别处的案件")
    client.force_login(staff)

    page = client.get(reverse("casework:case-list"))

    assert page.status_code == 200
    assert own.number in page.content.decode()
    assert other.title not in page.content.decode()


def test_a_case_page_shows_its_timeline_clocks_and_next_moves(client, village, staff):
    case = open_case(village=village, by=staff, reporter="李四 13900000000")
    services.move_case(by=staff, case=case, to=Status.LEAD_VERIFICATION)
    client.force_login(staff)

    page = client.get(reverse("casework:case-detail", args=[case.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Lead received → Verification" in text
    assert "立案决定" in text
    assert "Filed, Closed, no basis" in text
    assert "Sealed" in text
    assert "李四" not in text


def test_another_townships_case_answers_404(client, village, other_village, staff):
    other = open_case(village=other_village)
    client.force_login(staff)
    assert (
        client.get(reverse("casework:case-detail", args=[other.pk])).status_code == 404
    )
    assert client.get(reverse("casework:case-detail", args=[0])).status_code == 404


def test_the_kind_filter(client, village, staff):
    open_case(village=village, by=staff)
    petition = open_case(
        village=village, by=staff, kind=Case.Kind.PETITION, title="信访"
    )
    client.force_login(staff)
    text = client.get(
        reverse("casework:case-list"), {"kind": "petition"}
    ).content.decode()
    assert petition.number in text
    assert "2026-两非-0001" not in text
