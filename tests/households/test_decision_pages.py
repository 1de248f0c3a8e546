"""The correction page and the reconciliation owner form, as their users see them."""

import pytest
from django.urls import reverse

from bureau.models import Notification
from households.models import Correction
from tests.bureau.factories import UserFactory
from tests.households.factories import CorrectionFactory, HouseholdFactory, make_head
from tests.households.shared_files import (
    POLICE,
    POLICE_HEADER,
    import_file,
    make_resident,
    police_row,
)


def test_the_correction_page_shows_the_change_and_offers_approval_to_a_colleague(
    logged_in, staff, village, zhang
):
    correction = CorrectionFactory.create(
        person=zhang, raised_by=staff, after={"name": "张炜"}, before={"name": "张伟"}
    )
    colleague = UserFactory.create(role=staff.role, townships=[village.township])
    url = reverse("households:correction-detail", args=[correction.pk])

    mine = logged_in(staff).get(url).content.decode()
    theirs = logged_in(colleague).get(url).content.decode()

    assert "张炜" in mine
    assert 'value="approve"' not in mine
    assert 'value="approve"' in theirs


def test_a_decided_correction_offers_no_decision(logged_in, staff, village, zhang):
    correction = CorrectionFactory.create(
        person=zhang, raised_by=staff, status=Correction.Status.REJECTED
    )
    colleague = UserFactory.create(role=staff.role, townships=[village.township])

    page = logged_in(colleague).get(
        reverse("households:correction-detail", args=[correction.pk])
    )

    assert page.status_code == 200
    assert 'value="approve"' not in page.content.decode()


@pytest.fixture
def item(staff, village):
    """A police report of a resident's death, waiting in the reconciliation queue."""
    return import_file(
        staff, POLICE, POLICE_HEADER, police_row(make_resident(village), "死亡")
    ).items.get()


@pytest.fixture
def colleague(staff, village):
    return UserFactory.create(role=staff.role, townships=[village.township])


def test_the_owner_form_gives_an_item_to_a_colleague_and_refuses_an_outsider(
    logged_in, staff, other_village, item, colleague
):
    outsider = UserFactory.create(role=staff.role, townships=[other_village.township])
    client = logged_in(staff)
    url = reverse("households:reconciliation-assign", args=[item.pk])

    refused = client.post(url, {"owner": outsider.pk})
    item.refresh_from_db()
    assert refused.status_code == 200
    assert item.owner is None

    client.post(url, {"owner": colleague.pk})
    item.refresh_from_db()
    assert item.owner == colleague
    assert Notification.objects.filter(recipient=colleague).exists()


def test_the_owner_form_gives_an_item_back_to_nobody_and_refuses_an_auditor(
    logged_in, staff, auditor, item, colleague
):
    url = reverse("households:reconciliation-assign", args=[item.pk])
    logged_in(staff).post(url, {"owner": colleague.pk})

    refused = logged_in(auditor).post(url, {"owner": ""})
    item.refresh_from_db()
    assert refused.status_code == 403
    assert item.owner == colleague

    logged_in(staff).post(url, {"owner": ""})
    item.refresh_from_db()
    assert item.owner is None


def test_the_correction_page_of_another_township_is_not_found(
    logged_in, staff, other_village
):
    elsewhere = make_head(HouseholdFactory.create(village=other_village))
    correction = CorrectionFactory.create(person=elsewhere)

    page = logged_in(staff).get(
        reverse("households:correction-detail", args=[correction.pk])
    )

    assert page.status_code == 404
