"""The register's search page: by name, pinyin or initials, and by ID number (posted,
logged, never in the address)."""

import pytest
from django.urls import reverse

from bureau.models import AccessEvent

pytestmark = pytest.mark.django_db


def _search_url(query: str = "") -> str:
    url = reverse("households:person-search")
    return f"{url}?q={query}" if query else url


@pytest.mark.parametrize("query", ["张伟", "zhangwei", "zw", "ZW", "zhang"])
def test_staff_find_a_person_by_name_pinyin_or_initials(as_staff, zhang, query):
    response = as_staff.get(_search_url(query))

    assert response.status_code == 200
    assert zhang.name in response.content.decode()
    assert zhang.masked_id_number in response.content.decode()


def test_search_shows_nobody_from_another_township(as_staff, stranger):
    response = as_staff.get(_search_url(stranger.name_initials))

    assert stranger.name not in response.content.decode()


def test_a_search_by_id_number_is_posted_and_logged(as_staff, staff, zhang):
    response = as_staff.post(_search_url(), {"q": zhang.id_number})

    assert response.status_code == 200
    page = response.content.decode()
    assert zhang.name in page
    assert zhang.id_number not in page
    event = AccessEvent.objects.get()
    assert (event.user, event.kind, event.row_count) == (staff, "search", 1)
    assert event.object_id == str(zhang.pk)
    assert zhang.id_number not in event.path
    assert "no-store" in response["Cache-Control"]


def test_an_id_number_in_the_address_bar_is_not_searched(as_staff, zhang):
    response = as_staff.get(_search_url(zhang.id_number))

    assert response.status_code == 302
    assert zhang.id_number not in response["Location"]
    assert not AccessEvent.objects.exists()


def test_a_posted_name_search_moves_to_a_bookmarkable_address(as_staff, zhang):
    response = as_staff.post(_search_url(), {"q": "zw"})

    assert response.status_code == 302
    assert response["Location"] == _search_url("zw")


def test_live_search_returns_only_the_result_rows(as_staff, zhang):
    response = as_staff.post(_search_url(), {"q": "zw"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert response.status_code == 200
    assert zhang.name in page
    assert "<html" not in page
    assert response["HX-Replace-Url"] == _search_url("zw")


def test_live_search_by_id_number_keeps_it_out_of_the_address(as_staff, zhang):
    response = as_staff.post(
        _search_url(), {"q": zhang.id_number}, HTTP_HX_REQUEST="true"
    )

    assert zhang.name in response.content.decode()
    assert response["HX-Replace-Url"] == _search_url()
    assert AccessEvent.objects.filter(kind="search").count() == 1


# --- scoping and permissions -------------------------------------------------------
