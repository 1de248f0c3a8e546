import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from bureau.roles import Role
from households.models import Correction, MigrantRecord, Person
from tests.bureau.factories import UserFactory
from tests.households.factories import HouseholdFactory, PersonFactory, make_id_number

BORN = datetime.date(1990, 8, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def person(village):
    return PersonFactory.create(
        household=HouseholdFactory.create(village=village),
        name="单明",
        birth_date=BORN,
        sex="M",
    )


@pytest.fixture
def foreign_person(other_village):
    return PersonFactory.create(
        household=HouseholdFactory.create(village=other_village)
    )


@pytest.fixture
def colleague(village):
    return UserFactory.create(role=Role.STAFF, townships=[village.township])


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def test_corrections_raise_and_approve_by_another_user(api, api_as, colleague, person):
    raised = api.post(
        url("correction-list"),
        {"person": person.pk, "changes": {"name": "单鸣"}, "reason": "户口本"},
        format="json",
    )
    assert raised.status_code == 201, raised.content
    pk = raised.json()["id"]
    assert raised.json()["changed"] == [
        {"field": "name", "before": "单明", "after": "单鸣"}
    ]

    assert api.post(url("correction-approve", pk)).status_code == 403
    approved = api_as(colleague).post(url("correction-approve", pk))

    assert approved.status_code == 200
    assert approved.json()["status"] == Correction.Status.APPLIED
    person.refresh_from_db()
    assert person.name == "单鸣"


def test_correction_of_an_id_number_is_masked_in_the_api(api, person):
    number = make_id_number(birth_date=BORN, sex="M", serial=77)

    raised = api.post(
        url("correction-list"),
        {"person": person.pk, "changes": {"id_number": number}, "reason": "r"},
        format="json",
    )

    assert raised.status_code == 201, raised.content
    assert number not in raised.content.decode()
    assert person.id_number not in raised.content.decode()


def test_correction_moving_into_another_township_is_refused(
    api, person, foreign_person
):
    response = api.post(
        url("correction-list"),
        {
            "person": person.pk,
            "changes": {"household": foreign_person.household_id},
            "reason": "r",
        },
        format="json",
    )

    assert response.status_code == 400
    assert not Correction.objects.exists()


def test_reject_needs_a_note(api, api_as, colleague, person):
    pk = api.post(
        url("correction-list"),
        {"person": person.pk, "changes": {"name": "单鸣"}, "reason": "r"},
        format="json",
    ).json()["id"]

    assert api_as(colleague).post(url("correction-reject", pk), {}).status_code == 400
    response = api_as(colleague).post(url("correction-reject", pk), {"note": "无证明"})
    assert response.json()["status"] == Correction.Status.REJECTED


def test_auditor_cannot_approve(api, api_as, auditor, person):
    pk = api.post(
        url("correction-list"),
        {"person": person.pk, "changes": {"name": "单鸣"}, "reason": "r"},
        format="json",
    ).json()["id"]

    assert api_as(auditor).post(url("correction-approve", pk)).status_code == 403


def test_record_a_move_away_through_the_api(api, person):
    response = api.post(
        url("migration-list"),
        {
            "person": person.pk,
            "person_version": 1,
            "direction": "outflow",
            "county_code": "320583",
            "since": "2024-05-01",
        },
    )

    assert response.status_code == 201, response.content
    person.refresh_from_db()
    assert person.residence_status == Person.ResidenceStatus.MOVED_AWAY
    stale = api.post(
        url("migration-list"),
        {
            "person": person.pk,
            "person_version": 1,
            "direction": "inflow",
            "county_code": "320583",
            "since": "2024-06-01",
        },
    )
    assert stale.status_code == 412
    assert stale.json()["current"]["residence_status"] == "moved_away"
    assert MigrantRecord.objects.count() == 1
