from django.urls import reverse

from tests.bureau.factories import VillageFactory


def test_staff_get_404_for_a_village_in_another_township(api, other_village):
    response = api.get(reverse("api:village-detail", args=[other_village.code]))

    assert response.status_code == 404


def test_staff_list_only_villages_of_their_townships(api, village, other_village):
    response = api.get(reverse("api:village-list"))

    assert [row["code"] for row in response.json()["results"]] == [village.code]


def test_chief_sees_villages_of_every_township(api_as, chief, village, other_village):
    response = api_as(chief).get(reverse("api:village-list"))

    codes = {row["code"] for row in response.json()["results"]}
    assert codes == {village.code, other_village.code}


def test_auditor_post_is_refused(api_as, auditor, village):
    response = api_as(auditor).post(
        reverse("api:village-list"), {"code": "370102100299", "name": "x"}
    )

    assert response.status_code in (403, 405)


def test_administrator_sees_no_resident_townships(api_as, administrator, village):
    response = api_as(administrator).get(reverse("api:village-list"))

    assert response.json()["results"] == []


def test_user_without_townships_sees_nothing(api_as, db):
    from tests.bureau.factories import UserFactory

    VillageFactory.create()
    response = api_as(UserFactory.create()).get(reverse("api:village-list"))

    assert response.json()["results"] == []
