"""A check-up campaign in Chromium: opened, a village's notices printed, a visit recorded
by one user and signed by another, and the coverage chart read."""

import datetime

import pytest
from django.utils import timezone

from bureau.roles import Role
from checkups import services
from checkups.models import Campaign, Visit
from tests.bureau.factories import UserFactory, VillageFactory
from tests.checkups.factories import consent_all
from tests.households.factories import HouseholdFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# Read at each use: a run that passes midnight must not date its records yesterday.
today = timezone.localdate


def test_a_campaign_from_opening_to_a_counted_visit(page_as, live_server):
    village = VillageFactory.create(name="幸福村")
    examiner, verifier = (
        UserFactory.create(role=Role.STAFF, townships=[village.township])
        for _ in range(2)
    )
    household = HouseholdFactory.create(village=village, number="H0101")
    person = PersonFactory.create(
        household=household,
        name="王秀兰",
        sex="F",
        birth_date=today().replace(year=today().year - 32, day=1),
    )
    consent_all(person)  # to the check and to her health data
    campaign = services.create_campaign(
        by=UserFactory.create(role=Role.CHIEF),
        kind=Campaign.Kind.REPRODUCTIVE_HEALTH,
        year=today().year,
        quarter=3,
        starts_on=today(),
        ends_on=today() + datetime.timedelta(days=45),
        townships=[village.township],
    )
    detail = f"{live_server.url}/checkups/{campaign.pk}/"

    page = page_as(examiner)
    page.goto(detail)
    page.click("[data-testid=campaign-open]")
    page.wait_for_selector("[data-testid=coverage-village]")
    assert page.locator("[data-testid=campaign-status]").inner_text() == "Open"

    page.click("[data-testid=village-notices]")
    page.wait_for_selector("[data-testid=print-document]")
    assert page.locator("[data-testid=print-document]").count() == 1
    assert "王秀兰" in page.locator("[data-testid=notice-table]").inner_text()

    page.goto(detail)
    page.click("[data-testid=village-invitations]")
    page.click("[data-testid=record-visit]")
    page.check("input[name=findings][value=normal]")
    page.click("[data-testid=visit-save]")
    page.wait_for_selector("[data-testid=visit-state]")
    assert "Incomplete" in page.locator("[data-testid=visit-state]").inner_text()
    assert page.locator("[data-testid=verify-form]").count() == 0

    second = page_as(verifier)
    second.goto(page.url)
    second.check("input[name=confirm]")
    second.click("[data-testid=verify-sign]")
    second.wait_for_selector("[data-testid=visit-state]")
    assert "counted" in second.locator("[data-testid=visit-state]").inner_text()
    assert Visit.objects.get(person=person).is_complete

    second.goto(detail)
    second.wait_for_selector("[data-chart-drawn] svg")
    assert second.locator("[data-chart-drawn] svg text", has_text="幸福村").count() >= 1
    assert second.locator("[data-testid=tile-coverage]").inner_text() == "100.0%"
