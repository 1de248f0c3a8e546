"""A petition from its page: accepted, handled, extended by the chief, answered, closed."""

import pytest
from django.urls import reverse

from casework import services
from casework.workflow import Status
from tests.casework.factories import chief_user, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def petition(village, staff):
    case = open_case(
        village=village, by=staff, kind="petition", title="反映奖励金未发放"
    )
    for state in (Status.ACCEPTANCE_NOTIFIED, Status.HANDLING):
        case = services.move_case(by=staff, case=case, to=state)
    return case


def _move(client, case, **data):
    return client.post(reverse("casework:case-move", args=[case.pk]), data, follow=True)


def test_an_opinion_and_a_close_with_reason_and_satisfaction(client, petition, staff):
    client.force_login(staff)

    page = _move(client, petition, to="opinion_issued", outcome="explain")
    petition.refresh_from_db()
    assert petition.status == Status.OPINION_ISSUED
    assert 'name="close_reason"' in page.content.decode()

    refused = _move(
        client, petition, to="closed", note="已答复", satisfaction="satisfied"
    )
    assert any("close reason" in message for message in _messages(refused))
    petition.refresh_from_db()
    assert petition.status == Status.OPINION_ISSUED

    closed = _move(
        client,
        petition,
        to="closed",
        note="已答复信访人",
        close_reason="explained",
        satisfaction="basically",
    )
    petition.refresh_from_db()
    text = closed.content.decode()
    assert (petition.status, petition.close_reason, petition.satisfaction) == (
        Status.CLOSED,
        "explained",
        "basically",
    )
    assert "Explained" in text
    assert "Basically satisfied" in text


def test_an_opinion_needs_its_outcome(client, petition, staff):
    client.force_login(staff)

    page = _move(client, petition, to="opinion_issued")

    assert _messages(page) == ["The opinion supports, explains or does not support."]


def test_staff_ask_for_an_extension_and_the_chief_grants_it(client, petition, staff):
    client.force_login(staff)
    page = client.get(reverse("casework:case-detail", args=[petition.pk]))
    assert 'data-testid="move-extended"' not in page.content.decode()

    asked = client.post(
        reverse("casework:extension-request", args=[petition.pk]),
        {"reason": "需要调取三年的奖励发放记录"},
        follow=True,
    )
    assert "Extension requested; the chief decides." in _messages(asked)
    assert 'data-testid="extension-form"' not in asked.content.decode()

    client.force_login(chief_user())
    page = client.get(reverse("casework:case-detail", args=[petition.pk]))
    assert 'data-testid="move-extended"' in page.content.decode()
    _move(client, petition, to="extended", note="情况复杂，同意延期30日")
    petition.refresh_from_db()
    assert petition.status == Status.EXTENDED
