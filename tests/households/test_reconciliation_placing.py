"""Items no township could be matched to: the bureau places them, the township decides."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bureau.models import Notification
from households import reconciliation, selectors
from households.reconciliation import Action
from tests.households.factories import PersonFactory
from tests.households.shared_files import (
    POLICE,
    POLICE_HEADER,
    days_ago,
    import_file,
    police_row,
)


@pytest.fixture
def unplaced(staff):
    """A police birth of a number the register does not know: no township matched."""
    newcomer = PersonFactory.build(birth_date=days_ago(300))
    return import_file(
        staff, POLICE, POLICE_HEADER, police_row(newcomer, "出生")
    ).items.get()


def test_a_death_the_register_does_not_hold_is_placed_and_then_decided(
    chief, staff, village
):
    stranger = PersonFactory.build(birth_date=days_ago(30_000))
    item = import_file(
        staff, POLICE, POLICE_HEADER, police_row(stranger, "死亡")
    ).items.get()

    assert not selectors.visible_reconciliation_items(staff).filter(pk=item.pk).exists()
    reconciliation.place_item(by=chief, item=item, township=village.township)
    decided = reconciliation.resolve_item(
        by=staff, item=item, resolution="此人从未在本区登记", action=Action.DISMISS
    )

    assert decided.status == decided.Status.DISMISSED


def test_a_chief_places_an_item_and_its_township_can_then_decide_it(
    chief, staff, village, unplaced
):
    reconciliation.place_item(by=chief, item=unplaced, township=village.township)

    assert selectors.visible_reconciliation_items(staff).filter(pk=unplaced.pk).exists()
    assert Notification.objects.filter(recipient=staff).exists()
    decided = reconciliation.resolve_item(
        by=staff, item=unplaced, resolution="registered", action=Action.REGISTER
    )
    assert decided.status == decided.Status.RESOLVED


def test_staff_cannot_place_items(staff, village, unplaced):
    with pytest.raises(PermissionDenied):
        reconciliation.place_item(by=staff, item=unplaced, township=village.township)


def test_a_placed_item_cannot_be_moved_to_another_township(
    chief, village, other_village, unplaced
):
    reconciliation.place_item(by=chief, item=unplaced, township=village.township)

    with pytest.raises(ValidationError):
        reconciliation.place_item(
            by=chief, item=unplaced, township=other_village.township
        )
    unplaced.refresh_from_db()
    assert unplaced.township == village.township


def test_the_chief_places_an_item_from_its_page(client, chief, village, unplaced):
    client.force_login(chief)
    url = reverse("households:reconciliation-detail", args=[unplaced.pk])

    assert 'data-testid="item-place-form"' in client.get(url).content.decode()
    response = client.post(
        reverse("households:reconciliation-place", args=[unplaced.pk]),
        {"township": village.township.pk},
    )

    assert response.status_code == 302
    unplaced.refresh_from_db()
    assert unplaced.township == village.township


def test_auditors_cannot_place_items(client, auditor, village, unplaced):
    client.force_login(auditor)

    response = client.post(
        reverse("households:reconciliation-place", args=[unplaced.pk]),
        {"township": village.township.pk},
    )

    assert response.status_code == 403
    unplaced.refresh_from_db()
    assert unplaced.township is None
