"""Looking a person up by full ID number through the API: posted, scoped, logged."""

import pytest
from django.urls import reverse

from bureau.models import AccessEvent
from tests.households.factories import HouseholdFactory, PersonFactory


@pytest.fixture
def person(village):
    return PersonFactory.create(household=HouseholdFactory.create(village=village))


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def test_an_id_number_in_the_search_url_is_refused(api, person):
    response = api.get(url("person-list"), {"search": person.id_number})

    assert response.status_code == 400
    assert "lookup" in str(response.json()["search"])
    assert not AccessEvent.objects.exists()


def test_another_townships_number_finds_nobody(api, other_village):
    stranger = PersonFactory.create(
        household=HouseholdFactory.create(village=other_village)
    )

    response = api.post(url("person-lookup"), {"id_number": stranger.id_number})

    assert response.status_code == 200
    assert response.json() == []


def test_an_auditor_may_look_up_a_number(api_as, auditor, person):
    response = api_as(auditor).post(
        url("person-lookup"), {"id_number": person.id_number}
    )

    assert [row["id"] for row in response.json()] == [person.pk]


def test_lookup_by_full_id_number_is_logged_without_the_number(api, staff, person):
    response = api.post(url("person-lookup"), {"id_number": person.id_number})

    rows = response.json()
    assert response.headers["Cache-Control"] == "no-store"
    assert [row["id"] for row in rows] == [person.pk]
    event = AccessEvent.objects.get()
    assert (event.kind, event.user, event.row_count) == (
        AccessEvent.Kind.SEARCH,
        staff,
        1,
    )
    assert person.id_number not in str(event.filters) + event.path + event.reason
