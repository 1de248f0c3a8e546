"""Cases through /api/v1/cases/: scoped like the pages, the same services, moves with
If-Match and refusals that name the current and the allowed states."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from casework import services
from casework.models import Case, CaseEvent
from tests.casework.factories import chief_user, handler_of, open_case

pytestmark = pytest.mark.django_db
BASE = "/api/v1/cases"


def moved(client, case, to, *, version=None, **body):
    version = case.version if version is None else version
    return client.post(
        f"{BASE}/{case.pk}/transition/",
        {"to": to, **body},
        format="json",
        headers={"If-Match": f'"{version}"'},
    )


def test_the_list_shows_only_the_users_townships(api, staff, village, other_village):
    ours = open_case(village=village, by=staff)
    open_case(village=other_village)

    answer = api.get(f"{BASE}/")

    assert answer.status_code == 200
    assert [row["number"] for row in answer.json()["results"]] == [ours.number]


def test_another_townships_case_answers_404(api, other_village):
    theirs = open_case(village=other_village)

    assert api.get(f"{BASE}/{theirs.pk}/").status_code == 404
    assert moved(api, theirs, "lead_verification").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Case.Status.LEAD_RECEIVED


def test_filters_by_kind_status_township_and_period(api, staff, village):
    lead = open_case(village=village, by=staff, opened_on=dt.date(2026, 3, 2))
    petition = open_case(
        village=village, by=staff, kind="petition", opened_on=dt.date(2026, 8, 10)
    )
    services.move_case(by=staff, case=petition, to="acceptance_notified")

    def numbers(query):
        answer = api.get(f"{BASE}/?{query}")
        assert answer.status_code == 200, answer.json()
        return [row["number"] for row in answer.json()["results"]]

    assert numbers("kind=petition") == [petition.number]
    assert numbers("status=lead_received") == [lead.number]
    assert numbers(f"township={village.township_id}&year=2026") == [
        petition.number,
        lead.number,
    ]
    assert numbers("opened_from=2026-08-01&opened_to=2026-08-31") == [petition.number]
    assert api.get(f"{BASE}/?kind=birth_fine").status_code == 400


def test_the_detail_carries_the_timeline_clocks_and_moves(api, staff, village):
    case = open_case(village=village, by=staff)
    services.move_case(by=staff, case=case, to="lead_verification")

    answer = api.get(f"{BASE}/{case.pk}/")

    body = answer.json()
    assert answer.status_code == 200
    assert answer["ETag"] == '"2"'
    assert [(e["type"], e["to_status"]) for e in body["timeline"]] == [
        ("opened", "lead_received"),
        ("transition", "lead_verification"),
    ]
    assert [c["kind"] for c in body["clocks"]] == ["liangfei-filing"]
    assert {m["to"] for m in body["allowed_moves"]} == {
        "filed",
        "closed_no_basis",
        "referred_out",
        "merged",
    }


def test_staff_register_a_lead_with_its_number_and_clock(api, staff, village):
    colleague = handler_of(village.township)

    answer = api.post(
        f"{BASE}/",
        {
            "kind": "liangfei",
            "township": village.township_id,
            "title": "举报某诊所鉴定胎儿性别",
            "source": "hotline",
            "handlers": [staff.pk, colleague.pk],
        },
        format="json",
    )

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    case = Case.objects.get(pk=body["id"])
    assert body["number"] == case.number
    assert case.number.split("-")[1] == "两非"
    assert (body["status"], body["lead"]["source"]) == ("lead_received", "hotline")
    assert {h["id"] for h in body["handlers"]} == {staff.pk, colleague.pk}
    assert case.created_by == staff


def test_a_lead_needs_its_source_and_a_petition_needs_none(api, village):
    common = {"township": village.township_id, "title": "来信反映"}
    refused = api.post(f"{BASE}/", {**common, "kind": "liangfei"}, format="json")
    assert refused.status_code == 400
    assert "source" in refused.json()

    answer = api.post(
        f"{BASE}/",
        {**common, "kind": "petition", "opened_on": "2026-11-02"},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    assert (answer.json()["status"], answer.json()["opened_on"]) == (
        "registered",
        "2026-11-02",
    )
    assert answer.json()["number"].split("-")[1] == "信访"


def test_no_case_is_opened_in_another_township(api, other_village):
    answer = api.post(
        f"{BASE}/",
        {
            "kind": "misconduct",
            "township": other_village.township_id,
            "title": "反映工作人员",
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "township" in answer.json()
    assert not Case.objects.exists()


def test_the_api_takes_no_reporter(api, village):
    answer = api.post(
        f"{BASE}/",
        {
            "kind": "liangfei",
            "township": village.township_id,
            "title": "举报",
            "source": "hotline",
            "reporter": "张三 13800001111",
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "sealed" in answer.json()["reporter"][0]
    assert not Case.objects.exists()


def test_a_move_needs_if_match_and_refuses_a_stale_version(api, staff, village):
    case = open_case(village=village, by=staff)

    missing = api.post(
        f"{BASE}/{case.pk}/transition/", {"to": "lead_verification"}, format="json"
    )
    assert missing.status_code == 428
    stale = moved(api, case, "lead_verification", version=7)
    assert stale.status_code == 412
    assert stale.json()["current"]["status"] == "lead_received"

    future = timezone.localdate() + dt.timedelta(days=3)
    assert moved(api, case, "lead_verification", on=str(future)).status_code == 400

    answer = moved(api, case, "lead_verification")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "lead_verification"
    assert answer["ETag"] == f'"{case.version + 1}"'
    last = case.timeline.last()
    assert (last.type, last.to_status, last.by) == (
        CaseEvent.Type.TRANSITION,
        "lead_verification",
        staff,
    )


def test_an_illegal_move_names_the_current_and_the_allowed_states(api, staff, village):
    case = open_case(village=village, by=staff)

    answer = moved(api, case, "served")

    assert answer.status_code == 400
    assert answer.json() == {
        "status": [
            f"{case.number} is Lead received; it can move to Verification, "
            "Merged into another case, not to Served."
        ]
    }


def test_a_case_moves_through_the_api_to_its_decision_stage(api, staff, village):
    case = open_case(village=village, by=staff)
    for to in ("lead_verification", "filed", "investigating", "pre_decision_notice"):
        answer = moved(api, case, to)
        assert answer.status_code == 200, answer.json()
        case.refresh_from_db()
    kinds = {c["kind"]: c["state"] for c in answer.json()["clocks"]}
    assert kinds == {
        "liangfei-filing": "met",
        "liangfei-decision": "running",
        "liangfei-hearing": "running",
    }
    # The decision is recorded with its penalties (the ledger), never by a bare move.
    answer = moved(api, case, "decided")
    assert answer.status_code == 400
    assert "Record the decision" in answer.json()["status"][0]


def test_closing_a_petition_asks_for_its_reason_and_the_rating(api, staff, village):
    case = open_case(village=village, by=staff, kind="petition")
    for state in ("acceptance_notified", "handling"):
        case = services.move_case(by=staff, case=case, to=state)
    case = services.move_case(
        by=staff, case=case, to="opinion_issued", outcome="explain"
    )

    refused = moved(api, case, "closed", note="已答复")
    assert refused.status_code == 400
    assert list(refused.json()) == ["close_reason"]

    answer = moved(
        api,
        case,
        "closed",
        note="已答复",
        close_reason="explained",
        satisfaction="satisfied",
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["status"], body["close_reason"], body["satisfaction"]) == (
        "closed",
        "explained",
        "satisfied",
    )


def test_auditors_read_but_neither_open_nor_move(api_as, auditor, staff, village):
    case = open_case(village=village, by=staff)
    client = api_as(auditor)

    assert client.get(f"{BASE}/{case.pk}/").status_code == 200
    assert (
        client.post(
            f"{BASE}/",
            {"kind": "petition", "township": village.township_id, "title": "x"},
            format="json",
        ).status_code
        == 403
    )
    assert moved(client, case, "lead_verification").status_code == 403
    case.refresh_from_db()
    assert case.status == Case.Status.LEAD_RECEIVED


def test_the_chief_approves_an_extension_but_opens_no_case(api_as, staff, village):
    chief = chief_user()
    client = api_as(chief)
    case = open_case(village=village, by=staff, kind="petition")
    for state in ("acceptance_notified", "handling"):
        case = services.move_case(by=staff, case=case, to=state)

    assert (
        client.post(
            f"{BASE}/",
            {"kind": "petition", "township": village.township_id, "title": "x"},
            format="json",
        ).status_code
        == 403
    )
    by_staff = moved(api_as(staff), case, "extended", note="案情复杂")
    assert by_staff.status_code == 403
    assert "head of the bureau" in by_staff.json()["detail"]
    answer = moved(client, case, "extended", note="案情复杂，需补充调查")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "extended"


def test_refusals_read_in_chinese_by_default(staff, village):
    case = open_case(village=village, by=staff, kind="petition")
    for state in ("acceptance_notified", "handling"):
        case = services.move_case(by=staff, case=case, to=state)
    case = services.move_case(
        by=staff, case=case, to="opinion_issued", outcome="explain"
    )
    client = APIClient()
    client.force_authenticate(staff)

    refused = moved(client, case, "closed", note="已答复")
    illegal = moved(client, case, "handling")

    assert refused.json()["close_reason"][0].startswith("请选择信访事项的办结原因")
    assert illegal.json()["status"][0].startswith(
        f"{case.number} 当前为“已出具处理意见”"
    )
