"""A 两非 case's decision, its service, its handlers and its seized items through the API:
the services the pages use, under If-Match, scoped like every other route."""

import datetime as dt

import pytest
from django.utils import timezone

from casework.models import Case, Decision, Penalty, SeizedItem
from casework.services.sanctions import payment_due_on
from tests.casework.factories import PATH_TO_NOTICE, handler_of, open_case, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]
BASE = "/api/v1/cases"
DECIDED_ON = dt.date(2026, 9, 10)
FINE = {"type": "fine", "amount": "20000.00"}


def posted(client, case, what, body, *, version=None):
    version = case.version if version is None else version
    return client.post(
        f"{BASE}/{case.pk}/{what}/",
        body,
        format="json",
        headers={"If-Match": f'"{version}"'},
    )


def _decision(**extra):
    return {
        "outcome": "penalty",
        "decided_on": DECIDED_ON.isoformat(),
        "penalties": [{"type": "warning"}, FINE],
        "document_number": "区卫健罚〔2026〕12号",
        "hearing_waived": True,
        **extra,
    }


def test_a_decision_with_its_penalties_decides_the_case(api, noticed):
    answer = posted(api, noticed, "decision", _decision())

    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["status"] == "decided"
    assert body["decision"]["document_number"] == "区卫健罚〔2026〕12号"
    assert answer["ETag"] == f'"{Case.objects.get(pk=noticed.pk).version}"'
    fine = Penalty.objects.get(decision__case=noticed, type=Penalty.Type.FINE)
    assert str(fine.amount) == "20000.00"


def test_a_decision_needs_if_match_and_the_current_version(api, noticed):
    missing = api.post(f"{BASE}/{noticed.pk}/decision/", _decision(), format="json")
    stale = posted(api, noticed, "decision", _decision(), version=noticed.version - 1)

    assert (missing.status_code, stale.status_code) == (428, 412)
    assert stale.json()["current"]["status"] == "pre_decision_notice"
    assert not Decision.objects.exists()


def test_a_refused_decision_names_the_field_and_writes_nothing(api, noticed):
    no_amount = posted(
        api, noticed, "decision", _decision(penalties=[{"type": "fine"}])
    )
    no_penalty = posted(api, noticed, "decision", _decision(penalties=[]))
    early = posted(
        api,
        noticed,
        "decision",
        _decision(hearing_waived=False, decided_on="2026-09-03"),
    )

    assert no_amount.status_code == 400
    assert "penalties" in no_amount.json()
    assert no_penalty.json() == {
        "penalties": ["A penalty decision names at least one penalty."]
    }
    assert early.status_code == 400
    assert "until 2026-09-09" in early.json()["decided_on"][0]
    assert not Decision.objects.exists()
    assert Case.objects.get(pk=noticed.pk).status == Case.Status.PRE_DECISION_NOTICE


def test_the_service_starts_the_payment_clock(api, noticed):
    posted(api, noticed, "decision", _decision())
    noticed.refresh_from_db()

    answer = posted(api, noticed, "service", {"served_on": DECIDED_ON.isoformat()})

    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "served"
    fine = Penalty.objects.get(decision__case=noticed, type=Penalty.Type.FINE)
    assert fine.due_on == payment_due_on(DECIDED_ON)


def test_handlers_are_named_from_the_cases_township_only(
    api, staff, village, other_village
):
    case = open_case(village=village, by=staff)
    colleague = handler_of(village.township, full_name="吴执法")
    outsider = handler_of(other_village.township)

    answer = posted(api, case, "handlers", {"handlers": [staff.pk, colleague.pk]})
    refused = posted(
        api, Case.objects.get(pk=case.pk), "handlers", {"handlers": [outsider.pk]}
    )

    assert answer.status_code == 200, answer.json()
    assert {h["id"] for h in answer.json()["handlers"]} == {staff.pk, colleague.pk}
    assert refused.status_code == 400
    assert "handlers" in refused.json()
    assert set(case.handlers.all()) == {staff, colleague}


def test_an_item_is_registered_and_disposed_of_once(api, staff, village):
    case = walk(open_case(village=village, by=staff), PATH_TO_NOTICE[:2], by=staff)
    today = timezone.localdate()

    created = api.post(
        f"{BASE}/items/",
        {
            "case": case.pk,
            "type": "ultrasound",
            "description": "便携式B超机",
            "quantity": 1,
            "seal_number": "封-0012",
            "seized_on": today.isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    item = created.json()
    assert (item["case_number"], item["disposal"]) == (case.number, "held")

    disposal = {
        "disposal": "destroyed",
        "disposed_on": today.isoformat(),
        "note": "批准",
    }
    first = api.post(f"{BASE}/items/{item['id']}/disposal/", disposal, format="json")
    again = api.post(f"{BASE}/items/{item['id']}/disposal/", disposal, format="json")

    assert first.status_code == 200, first.json()
    assert first.json()["disposal"] == "destroyed"
    assert again.status_code == 400
    assert "disposal" in again.json()
    assert SeizedItem.objects.get().disposal == SeizedItem.Disposal.DESTROYED


def test_items_are_not_registered_in_another_townships_case(api, other_village):
    other = open_case(village=other_village, by=handler_of(other_village.township))

    answer = api.post(
        f"{BASE}/items/",
        {
            "case": other.pk,
            "type": "ultrasound",
            "description": "B超机",
            "quantity": 1,
            "seized_on": timezone.localdate().isoformat(),
        },
        format="json",
    )

    assert answer.status_code == 400
    assert "case" in answer.json()
    assert not SeizedItem.objects.exists()


def test_an_auditor_records_no_decision(api_as, auditor, noticed):
    answer = posted(api_as(auditor), noticed, "decision", _decision())

    assert answer.status_code in (403, 404)
    assert not Decision.objects.exists()


def test_another_townships_case_answers_404_to_every_write(api, other_village):
    other = open_case(village=other_village, by=handler_of(other_village.township))

    answers = {
        what: posted(api, other, what, body).status_code
        for what, body in (
            ("decision", _decision()),
            ("service", {"served_on": DECIDED_ON.isoformat()}),
            ("handlers", {"handlers": []}),
        )
    }

    assert answers == {"decision": 404, "service": 404, "handlers": 404}
