"""The case page and the list ask the database a bounded number of times."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import services
from tests.casework.factories import PATH_TO_NOTICE, decide, open_case, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_case_page_does_not_grow_with_its_timeline(client, village, staff):
    case = walk(open_case(village=village, by=staff), PATH_TO_NOTICE, by=staff)
    case = decide(case, by=staff)
    client.force_login(staff)
    url = reverse("casework:case-detail", args=[case.pk])
    _queries(client, url)  # warm the content-type and permission caches
    before = _queries(client, url)

    for n in range(10):
        services.add_note(by=staff, case=case, note=f"第{n}次走访")

    assert _queries(client, url) == before


def test_the_list_does_not_grow_with_its_cases(client, village, staff):
    open_case(village=village, by=staff)
    client.force_login(staff)
    url = reverse("casework:case-list")
    _queries(client, url)
    before = _queries(client, url)

    for n in range(5):
        open_case(village=village, by=staff, title=f"线索{n}")

    assert _queries(client, url) == before
