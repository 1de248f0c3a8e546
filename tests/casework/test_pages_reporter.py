"""The sealed reporter on the case page: shown only on a logged reveal by a handler."""

import pytest
from django.urls import reverse

from bureau.models import AccessEvent
from casework.models import CaseEvent
from tests.casework.factories import handler_of, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

REPORTER = "张三 13800000000"


@pytest.fixture
def case(village, staff):
    return open_case(village=village, by=staff, handlers=[staff], reporter=REPORTER)


def _reveal(client, case, reason="核实举报内容"):
    return client.post(
        reverse("casework:reporter-reveal", args=[case.pk]),
        {"reason": reason},
        follow=True,
    )


def test_the_case_page_never_shows_the_reporter(client, case, staff):
    client.force_login(staff)
    text = client.get(reverse("casework:case-detail", args=[case.pk])).content.decode()
    assert "Sealed" in text
    assert 'data-testid="reveal-form"' in text
    assert "张三" not in text
    assert "13800000000" not in text


def test_a_handler_sees_the_reporter_once_the_reason_is_logged(client, case, staff):
    client.force_login(staff)

    page = _reveal(client, case)

    assert page.status_code == 200
    assert REPORTER in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    event = AccessEvent.objects.get(subject="casework.case", object_id=str(case.pk))
    assert (event.user, event.kind, event.reason) == (
        staff,
        AccessEvent.Kind.UNMASK,
        "核实举报内容",
    )
    viewed = case.timeline.get(type=CaseEvent.Type.REPORTER_VIEWED)
    assert viewed.by == staff
    # The case page afterwards shows that it was seen, never who the reporter is.
    text = client.get(reverse("casework:case-detail", args=[case.pk])).content.decode()
    assert "张三" not in text


def test_no_reason_no_reporter(client, case, staff):
    client.force_login(staff)

    page = _reveal(client, case, reason="")

    assert "张三" not in page.content.decode()
    assert not AccessEvent.objects.filter(subject="casework.case").exists()


def test_another_handler_a_chief_and_an_auditor_get_nothing(
    client, case, village, chief, auditor
):
    colleague = handler_of(village.township)
    for user in (colleague, chief, auditor):
        client.force_login(user)
        detail = client.get(reverse("casework:case-detail", args=[case.pk]))
        assert 'data-testid="reveal-form"' not in detail.content.decode()
        page = _reveal(client, case)
        assert page.status_code in (200, 403)
        assert "张三" not in page.content.decode()
    assert not AccessEvent.objects.filter(
        subject="casework.case", kind=AccessEvent.Kind.UNMASK
    ).exists()
    assert not case.timeline.filter(type=CaseEvent.Type.REPORTER_VIEWED).exists()


def test_a_refused_registration_does_not_echo_the_reporter(client, village, staff):
    client.force_login(staff)

    page = client.post(
        reverse("casework:case-register"),
        {
            "kind": "liangfei",
            "township": village.township.pk,
            "title": "线索",
            "opened_on": "2026-09-01",
            "reporter": REPORTER,
        },
    )

    assert page.status_code == 200
    assert "Say where the lead came from." in page.content.decode()
    assert "张三" not in page.content.decode()
