"""Control characters are refused at the door; no dynamic response may be cached.

The URLs come from the resolver, so a new app's lists, exports and pages are
covered without touching this file. Filter names come from each page's forms
and each API view's filter set.
"""

import re
import uuid
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, UUIDConverter

from households.models import Household
from tests.households.factories import HouseholdFactory

COMMON_FILTERS = ("q", "village", "township", "status", "format", "page", "ordering")
_FIELD_NAME = re.compile(r"<(?:input|select|textarea)\b[^>]*?\bname=\"([^\"]+)\"")
MISSING = 987654321


def _patterns(patterns, namespace="") -> Iterator[tuple[str, object]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.pattern


def _sample(converter) -> str | int:
    if isinstance(converter, IntConverter):
        return MISSING
    if isinstance(converter, UUIDConverter):
        return str(uuid.UUID(int=MISSING))
    return "x"


def every_url() -> list[tuple[str, str]]:
    """(name, path) for every named URL, with an id that names no row."""
    urls = {}
    for name, pattern in _patterns(get_resolver().url_patterns):
        converters = getattr(pattern, "converters", {})
        names = converters.keys() or pattern.regex.groupindex.keys()
        if "format" in names:
            continue  # DRF's ".json" twin of a route already listed
        kwargs = {key: _sample(converters.get(key)) for key in names}
        try:
            urls.setdefault(reverse(name, kwargs=kwargs), name)
        except Exception:  # noqa: S112 (a route we cannot fill is skipped)
            continue
    return sorted((name, path) for path, name in urls.items())


def list_urls() -> list[tuple[str, str]]:
    """Every URL without an id: the lists, searches and exports."""
    return [
        (name, path)
        for name, path in every_url()
        if str(MISSING) not in path and str(uuid.UUID(int=MISSING)) not in path
    ]


def filter_names(client, path: str) -> set[str]:
    names = set(COMMON_FILTERS)
    view = getattr(resolve(path).func, "cls", None)
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        names |= set(filterset.base_filters)
    names |= set(getattr(view, "filterset_fields", None) or ())
    if view is None:
        response = client.get(path)
        if "html" in response.get("Content-Type", ""):
            names |= set(_FIELD_NAME.findall(response.content.decode()))
    return names


@pytest.fixture
def as_auditor(client, auditor):
    client.force_login(auditor)
    return client


def test_the_crawl_finds_the_lists_and_exports():
    paths = {path for _, path in list_urls()}

    assert {"/households/persons/", "/households/persons/export/"} <= paths
    assert {"/api/v1/persons/", "/api/v1/households/"} <= paths


def test_nul_in_any_filter_of_any_list_or_export_is_a_400(as_auditor):
    """One test over every list and export (a test per URL costs minutes)."""
    answered = {}
    for _name, path in list_urls():
        fields = sorted(filter_names(as_auditor, path))
        tries = [(field, "a\x00b") for field in fields] + [("q", "\x1d"), ("\x00", "")]
        for field, value in tries:
            response = as_auditor.get(path, {"format": "csv", field: value})
            refused = response.status_code == 400 and (
                b"control character" in response.content
            )
            answered[(path, field, value)] = refused or response.status_code

    assert len(answered) > 200
    assert {key: ok for key, ok in answered.items() if ok is not True} == {}


def test_nul_in_an_api_json_body_is_a_400_naming_the_field(api, village):
    response = api.post(
        "/api/v1/households/",
        {"number": "H\x00-1", "village": village.code, "address": "x"},
        format="json",
    )

    assert response.status_code == 400
    assert "number" in response.json()["detail"]
    assert not Household.objects.filter(number__startswith="H").exists()


@pytest.mark.parametrize("value", ["A-\r1", "A-\x0f1", "A-\x1d1"])
def test_control_characters_in_a_form_field_are_refused(client, staff, village, value):
    client.force_login(staff)

    response = client.post(
        reverse("households:household-create"),
        {"number": value, "village": village.pk, "address": "x"},
    )

    assert response.status_code == 400
    assert "number contains a control character" in response.content.decode()


def test_a_newline_typed_into_a_text_box_is_ordinary_text(client, staff):
    household = HouseholdFactory.create(village__township=staff.townships.first())
    client.force_login(staff)

    response = client.post(
        reverse("households:household-edit", args=[household.pk]),
        {"address": "第一行\r\n第二行"},
    )

    assert response.status_code != 400


def test_the_refusal_is_in_chinese_by_default(staff):
    from django.test import Client

    chinese = Client()
    chinese.force_login(staff)

    response = chinese.get(reverse("households:person-search"), {"q": "\x00"})

    assert response.status_code == 400
    assert "控制字符" in response.content.decode()


def test_no_dynamic_response_may_be_stored(client, staff):
    client.force_login(staff)
    missing = {}
    for _name, path in every_url():
        response = client.get(path)
        if "no-store" not in response.get("Cache-Control", "") or (
            "camera=()" not in response.get("Permissions-Policy", "")
        ):
            missing[path] = response.status_code

    assert missing == {}
