"""Registering and moving cases from their pages: the form, moves, handlers, notes, files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.models import Attachment
from casework import services
from casework.models import Case, CaseEvent
from casework.workflow import Status
from tests.bureau import attachment_files as files
from tests.casework.factories import handler_of, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _register(client, **values):
    form = {
        "kind": "liangfei",
        "title": "线索：某诊所鉴定胎儿性别",
        "opened_on": "2026-09-01",
        "summary": "",
        "reporter": "",
        "source": "",
        "reference": "",
        **values,
    }
    return client.post(reverse("casework:case-register"), form, follow=True)


def test_a_lead_registered_from_the_page_gets_its_number_source_and_clock(
    client, village, staff
):
    colleague = handler_of(village.township, full_name="王五")
    client.force_login(staff)

    page = _register(
        client,
        township=village.township.pk,
        source="hotline",
        reference="热线 0931",
        handlers=[staff.pk, colleague.pk],
    )

    case = Case.objects.get()
    text = page.content.decode()
    assert page.redirect_chain[-1][0] == reverse("casework:case-detail", args=[case.pk])
    assert f"{case.number} registered." in _messages(page)
    assert case.number == "2026-两非-0001"
    assert case.lead.source == "hotline"
    assert set(case.handlers.all()) == {staff, colleague}
    assert "Reward hotline" in text
    assert "热线 0931" in text
    assert "王五" in text


def test_a_lead_without_its_source_is_refused_on_the_form(client, village, staff):
    client.force_login(staff)

    page = _register(client, township=village.township.pk)

    assert page.status_code == 200
    assert "Say where the lead came from." in page.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("kind", "number", "status"),
    [
        ("petition", "2026-信访-0001", "Registered"),
        ("misconduct", "2026-违纪-0001", "Allegation"),
    ],
)
def test_a_petition_and_an_allegation_are_registered_from_the_page(
    client, village, staff, kind, number, status
):
    client.force_login(staff)

    page = _register(client, kind=kind, township=village.township.pk, title="来信")

    case = Case.objects.get()
    assert (case.kind, case.number) == (kind, number)
    assert not hasattr(case, "lead") or case.lead is None
    assert status in page.content.decode()


def test_the_form_offers_only_the_users_townships_and_their_staff(
    client, village, other_village, staff
):
    stranger = handler_of(other_village.township, full_name="外镇干部")
    client.force_login(staff)

    text = client.get(reverse("casework:case-register")).content.decode()
    assert village.township.name in text
    assert other_village.township.name not in text
    assert "外镇干部" not in text

    page = _register(
        client,
        township=other_village.township.pk,
        source="letter",
        handlers=[stranger.pk],
    )
    assert page.status_code == 200
    assert not Case.objects.exists()


def test_a_move_along_the_machine_is_recorded(client, village, staff):
    case = open_case(village=village, by=staff)
    client.force_login(staff)

    page = client.post(
        reverse("casework:case-move", args=[case.pk]),
        {"to": "lead_verification"},
        follow=True,
    )

    case.refresh_from_db()
    assert case.status == Status.LEAD_VERIFICATION
    assert f"{case.number} is now Verification." in _messages(page)
    assert 'data-testid="move-filed"' in page.content.decode()


def test_an_illegal_move_names_the_current_state_and_the_allowed_ones(
    client, village, staff
):
    case = open_case(village=village, by=staff)
    client.force_login(staff)

    page = client.post(
        reverse("casework:case-move", args=[case.pk]), {"to": "closed"}, follow=True
    )

    case.refresh_from_db()
    assert case.status == Status.LEAD_RECEIVED
    assert _messages(page) == [
        f"{case.number} is Lead received; it can move to Verification, Merged into "
        "another case, not to Closed."
    ]


def test_a_move_that_needs_a_reason_is_refused_without_one(client, village, staff):
    case = open_case(village=village, by=staff)
    services.move_case(by=staff, case=case, to=Status.LEAD_VERIFICATION)
    client.force_login(staff)

    page = client.post(
        reverse("casework:case-move", args=[case.pk]),
        {"to": "closed_no_basis", "note": ""},
        follow=True,
    )

    assert _messages(page) == ["Say why the case moves to Closed, no basis."]
    case.refresh_from_db()
    assert case.status == Status.LEAD_VERIFICATION


def test_filing_needs_two_handlers_and_the_handlers_form_names_them(
    client, village, staff
):
    case = open_case(village=village, by=staff, handlers=[staff])
    services.move_case(by=staff, case=case, to=Status.LEAD_VERIFICATION)
    client.force_login(staff)
    move = reverse("casework:case-move", args=[case.pk])

    refused = client.post(move, {"to": "filed"}, follow=True)
    assert _messages(refused) == [
        "A case is Filed only with at least 2 named handlers."
    ]

    colleague = handler_of(village.township, full_name="赵六")
    saved = client.post(
        reverse("casework:case-handlers", args=[case.pk]),
        {"handlers": [staff.pk, colleague.pk]},
        follow=True,
    )
    assert "Handlers saved." in _messages(saved)
    assert "赵六" in saved.content.decode()

    filed = client.post(move, {"to": "filed"}, follow=True)
    case.refresh_from_db()
    assert case.status == Status.FILED
    assert "Filed" in filed.content.decode()


def test_a_note_goes_on_the_timeline(client, village, staff):
    case = open_case(village=village, by=staff)
    client.force_login(staff)

    page = client.post(
        reverse("casework:case-note", args=[case.pk]),
        {"note": "电话联系举报人核实地址"},
        follow=True,
    )

    assert "Note added." in _messages(page)
    assert "电话联系举报人核实地址" in page.content.decode()
    assert case.timeline.filter(type=CaseEvent.Type.NOTE).count() == 1


def test_a_file_is_attached_to_the_case_and_listed(client, village, staff):
    case = open_case(village=village, by=staff)
    client.force_login(staff)

    page = client.post(
        reverse("casework:case-attach", args=[case.pk]),
        {
            "file": SimpleUploadedFile("询问笔录.pdf", files.PDF),
            "description": "询问笔录",
        },
        follow=True,
    )

    assert "询问笔录.pdf attached." in _messages(page)
    assert "询问笔录.pdf" in page.content.decode()


def test_a_file_that_is_not_what_it_claims_is_refused(client, village, staff):
    case = open_case(village=village, by=staff)
    client.force_login(staff)

    page = client.post(
        reverse("casework:case-attach", args=[case.pk]),
        {"file": SimpleUploadedFile("笔录.pdf", files.EXE)},
        follow=True,
    )

    [refusal] = _messages(page)
    assert "笔录.pdf" in refusal
    assert "is not a PDF, JPEG, PNG, XLSX or DOCX file" in refusal
    assert not Attachment.objects.exists()


def test_a_chief_and_an_auditor_see_the_case_but_cannot_change_it(
    client, village, staff, chief, auditor
):
    case = open_case(village=village, by=staff)
    for user in (chief, auditor):
        client.force_login(user)
        text = client.get(
            reverse("casework:case-detail", args=[case.pk])
        ).content.decode()
        assert case.number in text
        assert 'data-testid="note-form"' not in text
        assert 'data-testid="attach-form"' not in text
        refused = client.post(
            reverse("casework:case-note", args=[case.pk]), {"note": "x"}
        )
        assert refused.status_code == 403
    client.force_login(auditor)
    assert (
        client.post(
            reverse("casework:case-move", args=[case.pk]), {"to": "lead_verification"}
        ).status_code
        == 403
    )


def test_another_townships_case_answers_404_to_every_write(
    client, village, other_village, staff
):
    other = open_case(village=other_village)
    client.force_login(staff)
    for name, data in (
        ("casework:case-move", {"to": "lead_verification"}),
        ("casework:case-note", {"note": "x"}),
        ("casework:case-handlers", {"handlers": []}),
        ("casework:reporter-reveal", {"reason": "x"}),
    ):
        assert client.post(reverse(name, args=[other.pk]), data).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.LEAD_RECEIVED
