"""Health details only for the township staff who handle check-ups there."""

import pytest

from bureau.roles import Role
from checkups import selectors
from tests.bureau.factories import UserFactory
from tests.checkups import factories as f

pytestmark = pytest.mark.django_db


def test_only_township_staff_see_health_details_and_only_in_their_townships(
    village, other_village, staff, chief, auditor
):
    assert selectors.sees_health_details(staff, village.township)
    assert not selectors.sees_health_details(staff, other_village.township)
    assert not selectors.sees_health_details(chief, village.township)
    assert not selectors.sees_health_details(auditor, village.township_id)


def test_chiefs_and_auditors_read_every_township_but_record_nothing(
    village, chief, auditor
):
    for user in (chief, auditor):
        assert user.has_perm("checkups.view_visit")
        assert not user.has_perm("checkups.add_visit")
        assert not user.has_perm("checkups.sign_visit")
        assert not user.has_perm("checkups.view_health_details")
    assert chief.has_perm("checkups.add_campaign")
    assert not auditor.has_perm("checkups.run_campaign")


def test_lists_are_scoped_to_the_users_townships(village, other_village, staff, chief):
    ours = f.visit(village=village, user=staff)
    theirs = f.visit(village=other_village, user=staff)

    assert list(selectors.visible_visits(staff)) == [ours]
    assert set(selectors.visible_visits(chief)) == {ours, theirs}
    assert list(selectors.visible_campaigns(staff)) == [ours.invitation.campaign]


def test_the_administrator_keeps_the_catalogue_and_sees_no_resident(administrator):
    assert administrator.has_perm("checkups.change_serviceitem")
    assert not administrator.has_perm("checkups.view_visit")
    assert not selectors.visible_visits(administrator).exists()


def test_a_staff_member_without_townships_sees_nothing(village, staff):
    f.visit(village=village, user=staff)
    lone = UserFactory.create(role=Role.STAFF)

    assert not selectors.visible_visits(lone).exists()
    assert not selectors.sees_health_details(lone, village.township)
