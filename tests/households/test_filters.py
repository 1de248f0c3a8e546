"""One filter set per list: the page, the API and the export narrow rows the same way."""

import pytest
from django.urls import reverse

from bureau.models import AccessEvent
from households.models import Correction, Person
from tests.bureau.factories import UserFactory, VillageFactory
from tests.households.factories import (
    CorrectionFactory,
    HouseholdFactory,
    PersonFactory,
)


@pytest.fixture
def households(village):
    neighbour = VillageFactory.create(township=village.township)
    return {
        "a1": HouseholdFactory.create(
            village=village, number="A100", address="东街1号"
        ),
        "a2": HouseholdFactory.create(
            village=village, number="A200", address="西街2号"
        ),
        "b1": HouseholdFactory.create(
            village=neighbour, number="A101", address="东街9号"
        ),
    }


def _page_numbers(client, params) -> set[str]:
    response = client.get(reverse("households:household-list"), params)
    assert response.status_code == 200
    return {household.number for household in response.context["page"]}


def _api_numbers(api, params) -> set[str]:
    response = api.get(reverse("api:household-list"), params)
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"number": "A1"}, {"A100", "A101"}),
        ({"address": "东街"}, {"A100", "A101"}),
        ({"number": "A1", "village": "first"}, {"A100"}),
        ({}, {"A100", "A200", "A101"}),
    ],
)
def test_the_household_page_and_the_api_filter_alike(
    as_staff, api, households, village, params, expected
):
    if params.get("village") == "first":
        params = {**params, "village": village.code}

    assert _page_numbers(as_staff, params) == expected
    assert _api_numbers(api, params) == expected


def test_the_page_keeps_its_filters_in_the_page_links(as_staff, households, village):
    response = as_staff.get(
        reverse("households:household-list"), {"number": "A1", "village": village.code}
    )

    assert response.context["query"] == f"village={village.code}&number=A1"
    assert 'name="township"' not in response.content.decode()  # API only


def test_a_village_of_another_township_is_not_a_choice(
    as_staff, api, households, other_village
):
    page = as_staff.get(
        reverse("households:household-list"), {"village": other_village.code}
    )
    answer = api.get(reverse("api:household-list"), {"village": other_village.code})

    assert page.context["form"].errors["village"]
    assert answer.status_code == 400


def test_the_correction_list_filters_by_status_and_source(as_staff, staff, village):
    person = PersonFactory.create(household=HouseholdFactory.create(village=village))
    colleague = UserFactory.create(role="staff", townships=[village.township])
    pending = CorrectionFactory.create(person=person, raised_by=colleague)
    CorrectionFactory.create(
        person=person,
        raised_by=colleague,
        status=Correction.Status.REJECTED,
        source=Correction.Source.POLICE,
    )
    url = reverse("households:correction-list")

    shown = as_staff.get(url, {"status": "pending", "source": "staff"}).context["page"]

    assert [c.pk for c in shown] == [pending.pk]
    assert {c.pk for c in as_staff.get(url).context["page"]} >= {pending.pk}


@pytest.fixture
def as_auditor(client, auditor):
    client.force_login(auditor)
    return client


def test_the_export_refuses_a_filter_value_it_cannot_read(as_auditor, village):
    PersonFactory.create(household=HouseholdFactory.create(village=village))

    response = as_auditor.get(
        reverse("households:person-export"), {"is_alive": "7", "format": "csv"}
    )

    assert response.status_code == 400
    assert "is_alive" in response.content.decode()
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


def test_the_export_and_the_api_read_is_alive_alike(as_auditor, api, village):
    household = HouseholdFactory.create(village=village)
    PersonFactory.create(household=household)
    dead = PersonFactory.create(household=household)
    Person.objects.filter(pk=dead.pk).update(is_alive=False)

    response = as_auditor.get(
        reverse("households:person-export"), {"is_alive": "false", "format": "csv"}
    )
    listed = api.get(reverse("api:person-list"), {"is_alive": "false"}).json()

    assert response["X-Export-Rows"] == "1"
    assert [row["id"] for row in listed["results"]] == [dead.pk]
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.filters["is_alive"] is False
