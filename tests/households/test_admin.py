import pytest
from django.urls import reverse

from bureau.roles import Role
from households.models import Person
from tests.bureau.factories import UserFactory
from tests.households.factories import (
    CorrectionFactory,
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
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert (person.ethnicity, person.version) == ("回族", 2)
    assert person.name != "改名"
    assert Person.pgh_event_model.objects.filter(
        pgh_obj_id=person.pk, pgh_context__metadata__action="update_person"
    ).exists()


def test_admin_role_without_superuser_sees_no_persons(client, db):
    user = UserFactory.create(role=Role.ADMIN, is_staff=True)
    client.force_login(user)

    assert client.get(reverse("admin:households_person_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:households_surnamereading_changelist")).status_code
        == 200
    )
