"""Invitation answers, reminders, and opening and closing a campaign."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bureau.concurrency import ConflictError
from bureau.roles import Role
from checkups import services
from checkups.models import Campaign, Invitation
from tests.bureau.factories import UserFactory
from tests.checkups import factories as f

pytestmark = pytest.mark.django_db
S = Invitation.Status


@pytest.fixture
def invitation(village):
    return f.invitation(
        village=village,
        campaign_=f.campaign(townships=[village.township], status="open"),
    )


def test_a_reminder_then_an_answer_is_recorded(invitation, staff):
    reminded = services.set_invitation_status(
        by=staff, invitation=invitation, status=S.REMINDED
    )
    assert reminded.reminded_at is not None

    answered = services.set_invitation_status(
        by=staff,
        invitation=reminded,
        status=S.UNREACHABLE,
        note="电话停机",
        expected_version=reminded.version,
    )

    assert answered.status == S.UNREACHABLE
    assert answered.status_note == "电话停机"


def test_a_stale_answer_is_refused(invitation, staff):
    services.set_invitation_status(by=staff, invitation=invitation, status=S.REMINDED)

    with pytest.raises(ConflictError):
        services.set_invitation_status(
            by=staff, invitation=invitation, status=S.DECLINED, expected_version=1
        )


def test_another_township_and_the_chief_may_not_answer(
    invitation, other_village, chief
):
    outsider = UserFactory.create(role=Role.STAFF, townships=[other_village.township])

    with pytest.raises(ValidationError, match="may not"):
        services.set_invitation_status(
            by=outsider, invitation=invitation, status=S.DECLINED
        )
    with pytest.raises(PermissionDenied):
        services.set_invitation_status(
            by=chief, invitation=invitation, status=S.DECLINED
        )
    invitation.refresh_from_db()
    assert invitation.status == S.INVITED


def test_staff_open_their_part_and_only_the_bureau_closes(
    village, other_village, staff, chief
):
    f.woman(village=village)
    f.woman(village=other_village)
    campaign = f.campaign(townships=[village.township, other_village.township])

    assert services.open_campaign(by=staff, campaign=campaign) == 1
    assert set(Invitation.objects.values_list("township_id", flat=True)) == {
        village.township_id
    }
    assert services.open_campaign(by=chief, campaign=campaign) == 1
    with pytest.raises(ValidationError):
        services.close_campaign(by=staff, campaign=campaign)

    closed = services.close_campaign(by=chief, campaign=campaign)

    assert closed.status == Campaign.Status.CLOSED
    with pytest.raises(ValidationError, match="closed"):
        services.open_campaign(by=chief, campaign=closed)


def test_a_campaign_is_planned_once_a_quarter(village, chief):
    def plan():
        return services.create_campaign(
            by=chief,
            kind="reproductive_health",
            year=2027,
            quarter=1,
            starts_on=datetime.date(2027, 3, 1),
            ends_on=datetime.date(2027, 3, 31),
            townships=[village.township],
        )

    assert plan().target_rule
    with pytest.raises(ValidationError) as error:
        plan()
    assert "quarter" in error.value.message_dict


def test_a_campaign_cannot_end_before_it_starts(village, chief):
    with pytest.raises(ValidationError) as error:
        services.create_campaign(
            by=chief,
            kind="pre_pregnancy",
            year=2027,
            quarter=2,
            starts_on=datetime.date(2027, 6, 1),
            ends_on=datetime.date(2027, 4, 1),
            townships=[village.township],
        )
    assert "ends_on" in error.value.message_dict
