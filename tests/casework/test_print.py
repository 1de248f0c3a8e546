"""The five printable documents of a case, on the core print page (A4, print CSS)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.services.hearing import hearing_request_ends
from casework.workflow import Status
from tests.casework.factories import PATH_TO_NOTICE, decide, handler_of, open_case, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

REPORTER = "举报人王某 13900000000"


def _print(client, case, doc=""):
    query = {"doc": doc} if doc else {}
    return client.get(reverse("casework:case-print", args=[case.pk]), query)


def _documents(response) -> list[str]:
    text = response.content.decode()
    return text.split('data-testid="print-document"')[1:]


@pytest.fixture
def decided(village, staff):
    colleague = handler_of(village.township, full_name="李执法")
    case = open_case(
        village=village,
        by=staff,
        handlers=[staff, colleague],
        summary="该诊所为孕妇进行非医学需要的胎儿性别鉴定。",
        reporter=REPORTER,
    )
    past = timezone.localdate() - dt.timedelta(days=40)
    case = walk(case, PATH_TO_NOTICE, by=staff, on=past)
    return decide(case, by=staff, fine="30000", on=past + dt.timedelta(days=10))


def test_the_penalty_decision_prints_the_party_the_facts_and_the_fine(
    client, decided, staff
):
    client.force_login(staff)

    page = _print(client, decided, "penalty-decision")

    [document] = _documents(page)
    assert page.status_code == 200
    assert "css/print.css" in page.content.decode()
    assert "Administrative penalty decision" in document
    assert f"罚决〔{decided.year}〕{decided.serial}号" in document
    assert "某诊所" in document
    assert decided.number in document
    assert "¥30000.00" in document
    assert "Warning" in document
    assert "3%" in document
    assert "13900000000" not in page.content.decode()


def test_the_filing_approval_and_pre_decision_notice_carry_the_case(
    client, decided, staff
):
    client.force_login(staff)

    filing = _documents(_print(client, decided, "filing-approval"))[0]
    notice = _documents(_print(client, decided, "pre-decision-notice"))[0]

    assert "Filing approval form" in filing
    assert decided.number in filing
    assert decided.township.name in filing
    assert "李执法" in filing
    assert "Notice of intended administrative penalty" in notice
    assert "该诊所为孕妇进行非医学需要的胎儿性别鉴定。" in notice
    assert "某诊所" in notice
    ends = hearing_request_ends(decided)
    assert f"A hearing must be requested by {ends:%Y-%m-%d}" in notice


def test_a_two_fei_case_prints_its_three_documents_at_once(client, decided, staff):
    client.force_login(staff)

    page = _print(client, decided)

    titles = [
        document.split("</h1>")[0].rsplit(">", 1)[1] for document in _documents(page)
    ]
    assert titles == [
        "Filing approval form",
        "Notice of intended administrative penalty",
        "Administrative penalty decision",
    ]


@pytest.fixture
def petition(village, staff):
    case = open_case(
        village=village,
        by=staff,
        kind="petition",
        title="反映奖励扶助金未按时发放",
        summary="经核实，系银行代发延误。",
        reporter=REPORTER,
    )
    case = services.move_case(by=staff, case=case, to=Status.ACCEPTANCE_NOTIFIED)
    case = services.move_case(by=staff, case=case, to=Status.HANDLING)
    return services.move_case(
        by=staff, case=case, to=Status.OPINION_ISSUED, outcome="support"
    )


def test_the_petition_notice_and_opinion_print_with_its_dates_and_opinion(
    client, petition, staff
):
    client.force_login(staff)

    acceptance = _documents(_print(client, petition, "petition-acceptance"))[0]
    opinion = _documents(_print(client, petition, "petition-opinion"))[0]

    assert "Notice of acceptance of a petition" in acceptance
    assert petition.number in acceptance
    assert "2026-09-01" in acceptance
    assert "Opinion on a petition" in opinion
    assert "经核实，系银行代发延误。" in opinion
    assert 'data-testid="print-opinion">Support<' in opinion
    for document in (acceptance, opinion):
        assert "王某" not in document


def test_a_document_of_another_kind_or_township_answers_404(
    client, petition, decided, staff, other_village
):
    client.force_login(staff)
    assert _print(client, petition, "penalty-decision").status_code == 404
    assert _print(client, decided, "petition-opinion").status_code == 404

    client.force_login(handler_of(other_village.township))
    assert _print(client, decided, "penalty-decision").status_code == 404


def test_the_case_page_links_its_documents(client, petition, staff):
    client.force_login(staff)
    text = client.get(
        reverse("casework:case-detail", args=[petition.pk])
    ).content.decode()
    assert "?doc=petition-acceptance" in text
    assert "?doc=petition-opinion" in text
    assert "?doc=penalty-decision" not in text
