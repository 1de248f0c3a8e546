"""A person's phones and a migrant contact look the same on the page, in the API and export."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from bureau.masking import mask_contact, mask_phones
from households.services.exports import HEADERS
from tests.households.factories import (
    HouseholdFactory,
    MigrantRecordFactory,
    make_head,
)

PHONES = ["13812345678", "0531-88886666"]
CONTACT = "王芳 13912345678"


@pytest.fixture
def person(village):
    person = make_head(HouseholdFactory.create(village=village), phones=PHONES)
    MigrantRecordFactory.create(person=person, contact=CONTACT)
    return person


def test_the_same_mask_on_the_page_in_the_api_and_in_the_export(
    client, api, staff, auditor, person
):
    masked, masked_contact = mask_phones(PHONES), mask_contact(CONTACT)
    assert masked == "138****5678、0531-******66"
    assert masked_contact == "王芳 139****5678"

    client.force_login(staff)
    page = client.get(reverse("households:person-detail", args=[person.pk]))
    html = page.content.decode()
    api_person = api.get(reverse("api:person-detail", args=[person.pk])).json()
    api_moves = api.get(reverse("api:migration-list"), {"person": person.pk})
    client.force_login(auditor)
    export = client.get(reverse("households:person-export"), {"format": "csv"})
    rows = list(
        csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")))
    )

    assert masked in html
    assert masked_contact in html
    assert "、".join(api_person["masked_phones"]) == masked
    assert [r["masked_contact"] for r in api_moves.json()["results"]] == [
        masked_contact
    ]
    assert rows[1][HEADERS.index("联系电话")] == masked
    everything = html + str(api_person) + api_moves.content.decode() + str(rows)
    for secret in (*PHONES, "13912345678"):
        assert secret not in everything


def test_the_xlsx_export_masks_phones_as_the_page_does(client, auditor, person):
    client.force_login(auditor)

    export = client.get(reverse("households:person-export"), {"format": "xlsx"})

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    column = rows[0].index("联系电话")
    assert rows[1][column] == mask_phones(PHONES)
    for secret in PHONES:
        assert secret not in str(rows)
