import pytest
from django.urls import reverse

from bureau.roles import Role
from households.models import Household, Person
from tests.bureau.factories import UserFactory
from tests.households.factories import (
    CorrectionFactory,
    HouseholdFactory,
    MigrantRecordFactory,
    PersonFactory,
)


@pytest.fixture
def operator(client, db):
    user = UserFactory.create(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_every_register_admin_page_opens_and_shows_no_number(client, operator):
    person = PersonFactory.create()
    CorrectionFactory.create(person=person)
    MigrantRecordFactory.create(person=person)

    for model in (
        "household",
        "person",
        "correction",
        "migrantrecord",
        "surnamereading",
    ):
        response = client.get(reverse(f"admin:households_{model}_changelist"))
        assert response.status_code == 200, model
        assert person.id_number not in response.content.decode()
    page = client.get(reverse("admin:households_person_change", args=[person.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert person.id_number not in text
    assert person.id_number_encrypted not in text
    assert person.masked_id_number in text


def test_admin_edits_of_a_person_go_through_the_service(client, operator):
    person = PersonFactory.create()
    url = reverse("admin:households_person_change", args=[person.pk])
    data = {
        "relation_to_head": "other",
        "ethnicity": "回族",
        "marital_status": "married",
        "residence_status": "resident",
        "phones": "",
        "manual_pinyin": "",
        "mother": "",
        "father": "",
        "name": "改名",
        "opened_version": "1",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert (person.ethnicity, person.version) == ("回族", 2)
    assert person.name != "改名"
    assert Person.pgh_event_model.objects.filter(
        pgh_obj_id=person.pk, pgh_context__metadata__action="update_person"
    ).exists()


def test_a_stale_admin_edit_of_a_person_is_refused_and_keeps_the_other_change(
    client, operator
):
    person = PersonFactory.create(ethnicity="汉族")
    url = reverse("admin:households_person_change", args=[person.pk])
    page = client.get(url).content.decode()
    assert 'name="opened_version" value="1"' in page
    Person.objects.filter(pk=person.pk).update(ethnicity="壮族", version=2)

    response = client.post(
        url,
        {
            "relation_to_head": person.relation_to_head,
            "ethnicity": "回族",
            "marital_status": person.marital_status,
            "residence_status": person.residence_status,
            "phones": "",
            "manual_pinyin": "",
            "mother": "",
            "father": "",
            "opened_version": "1",
        },
    )

    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    person.refresh_from_db()
    assert (person.ethnicity, person.version) == ("壮族", 2)


def test_a_stale_admin_edit_of_a_household_is_refused(client, operator):
    household = HouseholdFactory.create(address="旧地址")
    url = reverse("admin:households_household_change", args=[household.pk])
    Household.objects.filter(pk=household.pk).update(address="别人改的", version=2)

    response = client.post(
        url,
        {
            "number": household.number,
            "address": "我的地址",
            "grid_cell": "",
            "grid_staff": "",
            "opened_version": "1",
        },
    )

    assert response.status_code == 200
    household.refresh_from_db()
    assert (household.address, household.version) == ("别人改的", 2)


def test_a_current_admin_edit_of_a_household_is_saved(client, operator):
    household = HouseholdFactory.create(address="旧地址")
    url = reverse("admin:households_household_change", args=[household.pk])

    response = client.post(
        url,
        {
            "number": household.number,
            "address": "新地址",
            "grid_cell": "",
            "grid_staff": "",
            "opened_version": "1",
        },
    )

    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.address, household.version) == ("新地址", 2)


def test_admin_role_without_superuser_sees_no_persons(client, db):
    user = UserFactory.create(role=Role.ADMIN, is_staff=True)
    client.force_login(user)

    assert client.get(reverse("admin:households_person_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:households_surnamereading_changelist")).status_code
        == 200
    )
