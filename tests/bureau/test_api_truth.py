"""What the schema promises about the API holds for a client reading it (issue 14)."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.households.factories import HouseholdFactory


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def test_a_household_without_a_head_is_described_and_answered_as_null(
    api, village, schema
):
    household = HouseholdFactory.create(village=village, head=None)

    response = api.get(url("household-detail", household.pk))

    assert response.json()["head"] is None
    assert schema["components"]["schemas"]["Household"]["properties"]["head"][
        "nullable"
    ]


def test_the_id_lookup_is_documented_as_the_plain_list_it_returns(schema):
    operation = schema["paths"]["/api/v1/persons/lookup/"]["post"]

    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["type"] == "array"
    assert not [p for p in operation.get("parameters", []) if p["in"] == "query"]


def test_every_operation_documents_its_error_answers(schema):
    missing = {
        f"{method.upper()} {path}": sorted(
            {"400", "401", "403", "404"} - set(op["responses"])
        )
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if {"400", "401", "403", "404"} - set(op["responses"])
    }

    assert missing == {}


def test_edits_require_if_match_and_document_412_and_428(schema):
    for path, item in schema["paths"].items():
        for method in ("put", "patch"):
            if method not in item:
                continue
            operation = item[method]
            headers = {
                p["name"]: p for p in operation["parameters"] if p["in"] == "header"
            }
            assert headers["If-Match"]["required"], path
            assert {"412", "428"} <= set(operation["responses"]), path


def test_the_428_message_is_chinese_by_default(staff, village):
    household = HouseholdFactory.create(village=village)
    client = APIClient()
    client.force_authenticate(staff)

    response = client.patch(url("household-detail", household.pk), {"address": "新"})

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert "请在" in response.json()["detail"]


@pytest.mark.parametrize("value", ["*", "three", ""])
def test_an_if_match_that_is_no_etag_is_428(api, village, value):
    household = HouseholdFactory.create(village=village)

    response = api.patch(
        url("household-detail", household.pk), {"address": "新"}, HTTP_IF_MATCH=value
    )

    assert response.status_code == 428


def test_an_api_address_no_route_matches_answers_json(api):
    response = api.get("/api/v1/persons/1.2.3/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("value", ["0", "-1", "true", "1.5"])
def test_a_page_size_that_is_no_whole_number_is_a_400(api, value):
    response = api.get(url("household-list"), {"page_size": value})

    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_whole_number_filter_refuses_a_decimal(api):
    response = api.get(url("township-list"), {"page_size": "10"})
    assert response.status_code == 200

    response = api.get("/api/v1/benefits/applications/", {"year": "2026.5"})

    assert response.status_code == 400
    assert "year" in response.json()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/persons/", {"is_alive": "7"}),
        ("/api/v1/townships/", {"kind": ""}),
        ("/api/v1/townships/", {"kind": "province"}),
    ],
)
def test_a_filter_value_the_filter_cannot_read_is_a_400(api, path, params):
    response = api.get(path, params)

    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_a_filter_value_the_filter_reads_is_accepted(api):
    assert api.get("/api/v1/persons/", {"is_alive": "true"}).status_code == 200
