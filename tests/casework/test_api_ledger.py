"""Parties, penalties, payments and seized items through /api/v1/cases/…, and the
sealed reporter, which no answer and no part of the schema ever carries."""

import json
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from drf_spectacular.generators import SchemaGenerator

from casework import services
from casework.models import FinePayment, Penalty
from tests.casework.factories import (
    PATH_TO_NOTICE,
    handler_of,
    open_case,
    provider_in,
    served_case,
    walk,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]
BASE = "/api/v1/cases"
REPORTER = "举报人王某某 13800001111"


def fine_of(case) -> Penalty:
    return Penalty.objects.get(decision__case=case, type=Penalty.Type.FINE)


def test_penalties_show_what_is_paid_and_owed(api, staff, village, other_village):
    case = served_case(village=village, by=staff, fine="8000")
    served_case(village=other_village, by=handler_of(other_village.township))

    answer = api.get(f"{BASE}/penalties/?case={case.pk}")

    assert answer.status_code == 200
    rows = {row["type"]: row for row in answer.json()["results"]}
    assert set(rows) == {"warning", "fine"}
    assert (rows["fine"]["amount"], rows["fine"]["outstanding"]) == (
        "8000.00",
        "8000.00",
    )
    assert rows["warning"]["outstanding"] is None
    assert [row["case"] for row in api.get(f"{BASE}/penalties/").json()["results"]] == [
        case.pk,
        case.pk,
    ]


def test_a_payment_is_recorded_and_never_more_than_is_owed(api, staff, village):
    case = served_case(village=village, by=staff, fine="8000")
    fine = fine_of(case)
    today = timezone.localdate().isoformat()

    answer = api.post(
        f"{BASE}/penalties/{fine.pk}/payments/",
        {"paid_on": today, "amount": "3000.00", "receipt_number": "NO.0042"},
        format="json",
    )

    assert answer.status_code == 201, answer.json()
    assert answer.json()["outstanding"] == "5000.00"
    assert [p["receipt_number"] for p in answer.json()["payments"]] == ["NO.0042"]
    too_much = api.post(
        f"{BASE}/penalties/{fine.pk}/payments/",
        {"paid_on": today, "amount": "5000.01"},
        format="json",
    )
    assert too_much.status_code == 400
    assert "is too much" in too_much.json()["amount"][0]
    assert FinePayment.objects.get().amount == Decimal("3000.00")


def test_payments_are_refused_to_auditors_and_other_townships(
    api_as, auditor, staff, village, other_village
):
    fine = fine_of(served_case(village=village, by=staff))
    theirs = fine_of(
        served_case(village=other_village, by=handler_of(other_village.township))
    )
    body = {"paid_on": timezone.localdate().isoformat(), "amount": "100"}

    assert (
        api_as(auditor)
        .post(f"{BASE}/penalties/{fine.pk}/payments/", body, format="json")
        .status_code
        == 403
    )
    client = api_as(staff)
    assert client.get(f"{BASE}/penalties/{theirs.pk}/").status_code == 404
    assert (
        client.post(
            f"{BASE}/penalties/{theirs.pk}/payments/", body, format="json"
        ).status_code
        == 404
    )
    assert not FinePayment.objects.exists()


def test_parties_are_named_and_read(api, staff, village):
    case = walk(open_case(village=village, by=staff), PATH_TO_NOTICE[:2], by=staff)
    provider = provider_in(village.township, by=staff, name="康宁诊所")

    answer = api.post(
        f"{BASE}/parties/",
        {"case": case.pk, "provider": provider.pk},
        format="json",
    )

    assert answer.status_code == 201, answer.json()
    assert answer.json()["provider"]["name"] == "康宁诊所"
    assert answer.json()["role"] == "respondent"
    again = api.post(
        f"{BASE}/parties/", {"case": case.pk, "provider": provider.pk}, format="json"
    )
    assert again.status_code == 400
    assert "already a party" in again.json()["provider"][0]
    listed = api.get(f"{BASE}/parties/?case={case.pk}").json()["results"]
    assert [row["case_number"] for row in listed] == [case.number]


def test_seized_items_are_read_per_case(api, staff, village, other_village):
    case = walk(open_case(village=village, by=staff), PATH_TO_NOTICE[:2], by=staff)
    item = services.register_seized_item(
        by=staff,
        case=case,
        type="ultrasound",
        description="便携式B超机 型号X-1",
        quantity=1,
        seal_number="封-0012",
        seized_on=timezone.localdate(),
    )

    answer = api.get(f"{BASE}/items/?case={case.pk}")

    assert answer.status_code == 200
    (row,) = answer.json()["results"]
    assert (row["id"], row["seal_number"], row["disposal"]) == (
        item.pk,
        "封-0012",
        "held",
    )
    assert api.post(f"{BASE}/items/", {}, format="json").status_code == 400


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_no_answer_carries_the_sealed_reporter_not_even_to_a_handler(
    api, staff, village
):
    case = services.register_lead(
        by=staff,
        township=village.township,
        source="hotline",
        title="举报线索",
        reporter=REPORTER,
        handlers=[staff, handler_of(village.township)],
    )
    services.reveal_reporter(by=staff, case=case, reason="回访举报人")
    case = walk(case, PATH_TO_NOTICE[:2], by=staff)
    services.add_party(
        by=staff, case=case, provider=provider_in(village.township, by=staff)
    )

    answers = [
        api.get(url).json()
        for url in (
            f"{BASE}/",
            f"{BASE}/{case.pk}/",
            f"{BASE}/parties/",
            f"{BASE}/penalties/",
            f"{BASE}/items/",
        )
    ]

    text = json.dumps(answers, ensure_ascii=False)
    assert "王某某" not in text
    assert "13800001111" not in text
    assert [key for key in _keys(answers) if "reporter" in key.lower()] == []
    assert case.has_sealed_reporter  # it is there, sealed, on the case page only


def test_the_schema_describes_the_case_routes_without_a_reporter():
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)

    paths = [path for path in schema["paths"] if path.startswith("/api/v1/cases/")]
    assert {
        "/api/v1/cases/",
        "/api/v1/cases/{pk}/",
        "/api/v1/cases/{pk}/transition/",
        "/api/v1/cases/parties/",
        "/api/v1/cases/penalties/{pk}/payments/",
        "/api/v1/cases/items/{pk}/",
    } <= set(paths)
    operations = [schema["paths"][path] for path in paths]
    assert [key for key in _keys(operations) if "reporter" in key.lower()] == []
    for name, component in schema["components"]["schemas"].items():
        if name.startswith(("Case", "Penalty", "SeizedItem", "Transition")):
            assert not [k for k in component.get("properties", {}) if "reporter" in k]
