"""Declining is recorded as declined and has no consequence anywhere."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bureau.indicators import Period, all_indicators
from checkups import selectors, services
from checkups.models import Invitation, ServiceItem, Visit
from checkups.services.reminders import send_non_attender_reminders
from households.models.consent import Purpose
from tests.checkups import factories as f

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 4, 10)
S = Invitation.Status


@pytest.fixture
def campaign(village):
    return f.campaign(
        townships=[village.township], status="open", ends_on=datetime.date(2026, 6, 30)
    )


def _invited(village, campaign, staff):
    person = f.woman(village=village)
    f.consent(person, Purpose.HEALTH_DATA, by=staff)
    return f.invitation(village=village, person=person, campaign_=campaign)


def _attend(staff, verifier, invitation, **kwargs):
    visit = services.record_visit(
        by=staff,
        invitation=invitation,
        visited_on=DAY,
        identity_method="card_reader",
        **kwargs,
    )
    return services.sign_as_verifier(by=verifier, visit=visit)


def test_a_declined_invitation_lowers_no_figure(
    village, campaign, staff, verifier, chief
):
    came = _invited(village, campaign, staff)
    _attend(staff, verifier, came)
    said_no = _invited(village, campaign, staff)

    services.set_invitation_status(
        by=staff, invitation=said_no, status=S.DECLINED, note="本人不愿参加"
    )

    total = selectors.coverage_total(chief, campaign)
    assert (total.attended, total.invited, total.declined) == (1, 1, 1)
    assert str(total.percent) == "100.0"
    coverage = all_indicators()["checkups.coverage"].compute(
        [village.township_id], Period.month(2026, 4)
    )
    measure = coverage[village.township_id]
    assert (measure.numerator, measure.denominator) == (1, 1)


def test_nobody_who_declined_is_on_a_list_or_in_a_reminder(village, campaign, staff):
    said_no = _invited(village, campaign, staff)
    services.set_invitation_status(by=staff, invitation=said_no, status=S.DECLINED)

    assert not selectors.non_attenders(staff, campaign).exists()
    assert send_non_attender_reminders(today=datetime.date(2026, 6, 23)) == 0
    assert services.remind_invitations(by=staff, invitations=[said_no]) == 0
    said_no.refresh_from_db()
    assert said_no.status == S.DECLINED


def test_someone_who_declined_may_still_come(village, campaign, staff, verifier):
    said_no = _invited(village, campaign, staff)
    services.set_invitation_status(by=staff, invitation=said_no, status=S.DECLINED)

    _attend(staff, verifier, said_no)

    said_no.refresh_from_db()
    assert said_no.status == S.ATTENDED


def test_declining_an_item_still_makes_a_complete_visit(
    village, campaign, staff, verifier
):
    invitation = _invited(village, campaign, staff)
    breast = ServiceItem.objects.get(code="rh-breast")
    gyn = ServiceItem.objects.get(code="rh-gynaecological")

    visit = _attend(
        staff, verifier, invitation, services={gyn.pk: "declined", breast.pk: "done"}
    )

    assert visit.is_complete
    assert set(visit.services.values_list("outcome", flat=True)) == {"declined", "done"}


def test_a_declined_referral_counts_as_completed(
    village, campaign, staff, verifier, chief
):
    invitation = _invited(village, campaign, staff)
    visit = _attend(
        staff,
        verifier,
        invitation,
        findings="abnormal",
        finding_category="breast",
        referral={"destination": "区妇幼保健院", "reason": "乳腺复查"},
    )

    services.record_referral_outcome(
        by=staff, referral=visit.referrals.get(), outcome="declined"
    )

    rate = selectors.referral_completion(chief, campaign)
    assert (rate.numerator, rate.denominator) == (1, 1)


def test_declining_last_time_changes_nothing_next_time(village, chief, staff):
    person = f.woman(village=village)
    first = f.campaign(townships=[village.township], by=chief)
    services.open_campaign(by=chief, campaign=first)
    invitation = Invitation.objects.get(campaign=first, person=person)
    services.set_invitation_status(by=staff, invitation=invitation, status=S.DECLINED)
    services.close_campaign(by=chief, campaign=first)

    second = f.campaign(townships=[village.township], by=chief)
    services.open_campaign(by=chief, campaign=second)

    assert Invitation.objects.get(campaign=second, person=person).status == S.INVITED


def test_attended_is_set_only_by_a_signed_visit(village, campaign, staff):
    invitation = _invited(village, campaign, staff)

    with pytest.raises(ValidationError, match="signed visit"):
        services.set_invitation_status(
            by=staff, invitation=invitation, status=S.ATTENDED
        )

    assert not Visit.objects.exists()
