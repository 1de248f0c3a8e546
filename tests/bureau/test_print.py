"""Printable documents: A4 print CSS, bureau name and number on each, a batch in one job."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from bureau.printing import document_number
from households.models import Consent
from households.services.consent import record_consent
from tests.bureau.factories import UserFactory
from tests.households.factories import HouseholdFactory, PersonFactory

PRINT_CSS = Path(settings.BASE_DIR) / "static/css/print.css"


def _consent(user, person, purpose=Consent.Purpose.PREPREGNANCY_CHECKUP):
    return record_consent(
        by=user,
        person=person,
        purpose=purpose,
        text_version="2026-01",
        method=Consent.Method.IN_PERSON,
    )


def _print_url(*consents) -> str:
    query = "&".join(f"id={consent.pk}" for consent in consents)
    return f"{reverse('households:consent-print')}?{query}"


def test_the_print_stylesheet_is_a4_with_margins_and_a_page_per_document():
    css = PRINT_CSS.read_text()

    assert re.search(r"@page\s*{[^}]*size:\s*A4", css)
    assert re.search(r"@page\s*{[^}]*margin:", css)
    assert "break-after: page" in css
    assert ".print-document:last-child" in css


def test_a_document_number_reads_like_an_official_one():
    assert document_number("示卫", 2026, 12) == "示卫〔2026〕12号"


@pytest.mark.django_db
@override_settings(BUREAU_NAME="示范区卫生健康局")
def test_a_batch_of_records_prints_as_one_job_with_name_and_number_on_each(
    client, staff, village
):
    household = HouseholdFactory.create(village=village)
    first = _consent(staff, PersonFactory.create(household=household, name="王芳"))
    second = _consent(staff, PersonFactory.create(household=household, name="李娜"))
    client.force_login(staff)

    response = client.get(_print_url(first, second))

    page = response.content.decode()
    assert response.status_code == 200
    assert {"no-cache", "no-store"} & set(response["Cache-Control"].split(", "))
    assert page.count('class="print-document"') == 2
    assert page.count("示范区卫生健康局") == 2
    year = first.given_at.year
    assert f"Consent〔{year}〕{first.pk:06d}号" in page
    assert f"Consent〔{year}〕{second.pk:06d}号" in page
    assert page.index("王芳") < page.index("李娜")
    assert "css/print.css" in page


@pytest.mark.django_db
def test_the_print_page_has_no_inline_script_or_style(client, staff, village):
    consent = _consent(staff, PersonFactory.create(household__village=village))
    client.force_login(staff)

    page = client.get(_print_url(consent)).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " style=" not in page
    assert "<style" not in page


@pytest.mark.django_db
def test_a_batch_with_another_townships_record_answers_404(
    client, staff, village, other_village
):
    mine = _consent(staff, PersonFactory.create(household__village=village))
    colleague = UserFactory.create(townships=[other_village.township])
    theirs = _consent(colleague, PersonFactory.create(household__village=other_village))
    client.force_login(staff)

    assert client.get(_print_url(theirs)).status_code == 404
    assert client.get(_print_url(mine, theirs)).status_code == 404
    assert client.get(_print_url(mine)).status_code == 200
    assert client.get(reverse("households:consent-print")).status_code == 404
