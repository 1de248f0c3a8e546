import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bureau.models import AccessEvent
from bureau.roles import Role
from households.models import Household, Person
from tests.bureau.factories import UserFactory
from tests.households.factories import (
    CorrectionFactory,
    HouseholdFactory,
    MigrantRecordFactory,
    PersonFactory,
    make_id_number,
)

BORN = datetime.date(1990, 8, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def household(village):
    return HouseholdFactory.create(village=village)


@pytest.fixture
def person(household):
    return PersonFactory.create(
        household=household, name="单明", birth_date=BORN, sex="M"
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


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_lists_show_only_my_township(api, person, foreign_person):
    persons = results(api.get(url("person-list")))
    households = results(api.get(url("household-list")))

    assert [row["id"] for row in persons] == [person.pk]
    assert [row["id"] for row in households] == [person.household_id]


def test_chief_and_auditor_read_every_township(
    api_as, chief, auditor, person, foreign_person
):
    for user in (chief, auditor):
        rows = results(api_as(user).get(url("person-list")))
        assert {row["id"] for row in rows} == {person.pk, foreign_person.pk}


def test_another_townships_records_answer_404(api, foreign_person):
    household = foreign_person.household

    assert api.get(url("person-detail", foreign_person.pk)).status_code == 404
    assert api.get(url("household-detail", household.pk)).status_code == 404
    response = api.patch(
        url("person-detail", foreign_person.pk),
        {"ethnicity": "汉族"},
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 404
    response = api.patch(
        url("household-detail", household.pk), {"address": "x"}, HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 404
    foreign_person.refresh_from_db()
    assert foreign_person.ethnicity == ""


def test_auditor_writes_are_forbidden(api_as, auditor, village, household):
    client = api_as(auditor)

    created = client.post(
        url("household-list"), {"village": village.pk, "number": "9", "address": "x"}
    )
    changed = client.patch(
        url("household-detail", household.pk), {"address": "y"}, HTTP_IF_MATCH='"1"'
    )

    assert (created.status_code, changed.status_code) == (403, 403)
    assert Household.objects.count() == 1


def test_staff_create_a_household_in_their_village(api, village):
    response = api.post(
        url("household-list"),
        {"village": village.pk, "number": "007", "address": "东街7号"},
    )

    assert response.status_code == 201, response.content
    assert response.json()["version"] == 1
    assert Household.objects.get().number == "007"


def test_staff_cannot_create_a_household_in_another_townships_village(
    api, other_village
):
    response = api.post(
        url("household-list"),
        {"village": other_village.pk, "number": "1", "address": "x"},
    )

    assert response.status_code == 400
    assert "village" in response.json()
    assert not Household.objects.exists()


def test_detail_carries_the_version_as_etag(api, household):
    response = api.get(url("household-detail", household.pk))

    assert response["ETag"] == '"1"'


def test_patch_without_if_match_is_428(api, household):
    response = api.patch(url("household-detail", household.pk), {"address": "新"})

    assert response.status_code == 428
    household.refresh_from_db()
    assert household.address != "新"


def test_stale_patch_is_412_with_the_current_data(api, household):
    assert (
        api.patch(
            url("household-detail", household.pk),
            {"address": "甲"},
            HTTP_IF_MATCH='"1"',
        ).status_code
        == 200
    )

    response = api.patch(
        url("household-detail", household.pk), {"address": "乙"}, HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 412
    assert response.json()["current"]["address"] == "甲"
    assert response.json()["current"]["version"] == 2
    household.refresh_from_db()
    assert household.address == "甲"


def test_fresh_patch_is_200_and_raises_the_version(api, household):
    response = api.patch(
        url("household-detail", household.pk),
        {"address": "新地址"},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'


def test_head_from_another_township_is_refused(api, household, foreign_person):
    response = api.patch(
        url("household-detail", household.pk),
        {"head": foreign_person.pk},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    assert "head" in response.json()


def test_register_a_person_shows_only_the_masked_number(api, household):
    number = make_id_number(birth_date=BORN, sex="F", serial=3)

    response = api.post(
        url("person-list"),
        {
            "household": household.pk,
            "name": "李华",
            "id_number": number,
            "phones": ["13912345678"],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["masked_id_number"] == number[:4] + "*" * 10 + number[-4:]
    assert body["sex"] == "F"
    assert body["birth_date"] == "1990-08-15"
    assert body["masked_phones"] == ["139****5678"]
    assert body["id_warnings"] == []
    assert number not in response.content.decode()
    assert "id_number" not in body
    assert "v1:" not in response.content.decode()


def test_register_a_person_reports_field_errors(api, household, person):
    response = api.post(
        url("person-list"),
        {
            "household": household.pk,
            "name": "重复",
            "id_number": person.id_number,
        },
    )

    assert response.status_code == 400
    errors = response.json()
    assert "id_number" in errors
    assert "already in the register" in errors["id_number"][0]


def test_person_detail_never_shows_the_number(api, person):
    response = api.get(url("person-detail", person.pk))

    text = response.content.decode()
    assert person.id_number not in text
    assert person.id_number_encrypted not in text
    assert response.json()["masked_id_number"].startswith(person.id_number[:4])


def test_person_patch_changes_non_core_facts_only(api, person):
    response = api.patch(
        url("person-detail", person.pk),
        {"ethnicity": "回族", "manual_pinyin": "shan ming"},
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["name_initials"] == "sm"

    refused = api.patch(
        url("person-detail", person.pk), {"name": "改名"}, HTTP_IF_MATCH='"2"'
    )
    assert refused.status_code == 400
    assert "correction" in refused.json()["name"][0]


def test_reveal_id_needs_a_reason_and_logs_an_access_event(api, staff, person):
    missing = api.post(url("person-reveal-id", person.pk), {})
    assert missing.status_code == 400
    assert not AccessEvent.objects.exists()

    response = api.post(
        url("person-reveal-id", person.pk), {"reason": "办理生育登记核对"}
    )

    assert response.status_code == 200
    assert response.json()["id_number"] == person.id_number
    event = AccessEvent.objects.get()
    assert (event.kind, event.user, event.object_id) == (
        AccessEvent.Kind.UNMASK,
        staff,
        str(person.pk),
    )
    assert event.reason == "办理生育登记核对"


def test_chiefs_cannot_reveal_numbers(api_as, chief, person):
    response = api_as(chief).post(url("person-reveal-id", person.pk), {"reason": "x"})

    assert response.status_code == 403
    assert not AccessEvent.objects.exists()


def test_reveal_of_another_townships_person_is_404(api, foreign_person):
    response = api.post(url("person-reveal-id", foreign_person.pk), {"reason": "x"})

    assert response.status_code == 404


def test_search_by_pinyin_initials(api, person, household):
    PersonFactory.create(household=household, name="王伟")

    rows = results(api.get(url("person-list"), {"search": "sm"}))

    assert [row["id"] for row in rows] == [person.pk]


def test_filters(api, household, person):
    dead = PersonFactory.create(household=household)
    Person.objects.filter(pk=dead.pk).update(
        is_alive=False, died_on=datetime.date(2020, 1, 1)
    )

    alive = results(api.get(url("person-list"), {"is_alive": "true"}))
    in_village = results(api.get(url("person-list"), {"village": household.village_id}))
    elsewhere = results(api.get(url("person-list"), {"township": "370102999000"}))

    assert [row["id"] for row in alive] == [person.pk]
    assert len(in_village) == 2
    assert elsewhere == []


@pytest.mark.parametrize("rows", [3, 20])
def test_person_list_queries_do_not_grow_with_rows(
    api, village, rows, django_assert_max_num_queries
):
    PersonFactory.create_batch(rows, household=HouseholdFactory.create(village=village))

    with django_assert_max_num_queries(2):
        assert len(results(api.get(url("person-list")))) == rows


def test_list_query_counts_are_the_same_for_3_and_20_rows(api, village):
    api.get(url("person-list"))  # the first request loads the user's permissions
    for name in ("person-list", "household-list", "correction-list", "migration-list"):
        with_3 = _list_queries(api, village, name, added=3)
        with_20 = _list_queries(api, village, name, added=17)
        assert with_3 == with_20, name


def _list_queries(api, village, name, *, added):
    """Add `added` households, each with a person, a correction and a migrant record."""
    people = [
        PersonFactory.create(household=HouseholdFactory.create(village=village))
        for _ in range(added)
    ]
    for somebody in people:
        CorrectionFactory.create(person=somebody)
        MigrantRecordFactory.create(person=somebody)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url(name), {"page_size": 200})
    assert response.status_code == 200
    return len(queries)


def test_staff_cannot_attach_a_person_to_another_townships_records(
    api, household, foreign_person
):
    number = make_id_number(birth_date=BORN, sex="M", serial=5)
    into_foreign = api.post(
        url("person-list"),
        {"household": foreign_person.household_id, "name": "甲", "id_number": number},
    )
    foreign_parent = api.post(
        url("person-list"),
        {
            "household": household.pk,
            "name": "甲",
            "id_number": number,
            "father": foreign_person.pk,
        },
    )

    assert into_foreign.status_code == 400
    assert "household" in into_foreign.json()
    assert foreign_parent.status_code == 400
    assert "father" in foreign_parent.json()
    assert Person.objects.count() == 1
