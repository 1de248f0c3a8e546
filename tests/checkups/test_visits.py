"""A visit counts only with two signatures by different users; health data needs consent."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from checkups import services
from checkups.models import Invitation, ServiceItem, Visit
from households.models.consent import Purpose
from households.services.consent import ConsentMissing, withdraw_consent
from tests.checkups import factories as f

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 4, 10)


@pytest.fixture
def campaign(village):
    return f.campaign(townships=[village.township], status="open")


@pytest.fixture
def invitation(village, campaign, staff):
    person = f.woman(village=village)
    f.consent(person, Purpose.HEALTH_DATA, by=staff)
    return f.invitation(village=village, person=person, campaign_=campaign)


def _items(*codes):
    return {ServiceItem.objects.get(code=code).pk: "done" for code in codes}


def _record(staff, invitation, **kwargs):
    kwargs.setdefault("services", _items("rh-gynaecological", "rh-breast"))
    return services.record_visit(
        by=staff,
        invitation=invitation,
        visited_on=DAY,
        identity_method=Visit.IdentityMethod.CARD_READER,
        **kwargs,
    )


def test_one_signature_leaves_the_visit_incomplete_and_uncounted(staff, invitation):
    visit = _record(staff, invitation, findings="normal")

    invitation.refresh_from_db()
    assert visit.examiner == staff
    assert not visit.is_complete
    assert invitation.status == Invitation.Status.INVITED


def test_a_second_user_completes_it_and_the_invitation_is_attended(
    staff, verifier, invitation
):
    visit = _record(staff, invitation)

    visit = services.sign_as_verifier(by=verifier, visit=visit)

    invitation.refresh_from_db()
    assert visit.is_complete
    assert invitation.status == Invitation.Status.ATTENDED
    assert visit.services.count() == 2


def test_the_examiner_cannot_also_verify(staff, invitation):
    visit = _record(staff, invitation)

    with pytest.raises(ValidationError, match="different user"):
        services.sign_as_verifier(by=staff, visit=visit)


def test_the_database_refuses_one_user_as_both_signatures(staff, invitation):
    visit = _record(staff, invitation)

    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(verifier=staff)


def test_correcting_a_signed_visit_clears_both_signatures(staff, verifier, invitation):
    visit = services.sign_as_verifier(by=verifier, visit=_record(staff, invitation))

    visit = services.update_visit(
        by=staff,
        visit=visit,
        expected_version=visit.version,
        findings="abnormal",
        finding_category="breast",
    )

    invitation.refresh_from_db()
    assert visit.examiner is None
    assert visit.verifier is None
    assert invitation.status == Invitation.Status.INVITED


def test_an_abnormal_finding_needs_a_category(staff, invitation):
    with pytest.raises(ValidationError) as error:
        _record(staff, invitation, findings="abnormal")

    assert "finding_category" in error.value.message_dict
    assert not Visit.objects.exists()


def test_an_item_that_does_not_apply_is_refused(staff, invitation):
    with pytest.raises(ValidationError, match="not offered"):
        _record(staff, invitation, services=_items("pp-hbv"))


def test_a_date_outside_the_campaign_is_refused(staff, invitation):
    with pytest.raises(ValidationError) as error:
        services.record_visit(
            by=staff,
            invitation=invitation,
            visited_on=datetime.date(2026, 7, 5),
            identity_method="card_seen",
        )

    assert "visited_on" in error.value.message_dict


def test_a_referral_is_recorded_with_the_visit_and_its_outcome_later(staff, invitation):
    visit = _record(
        staff,
        invitation,
        findings="abnormal",
        finding_category="cervical",
        referral={"destination": "区妇幼保健院", "reason": "宫颈复查"},
    )
    referral = visit.referrals.get()

    referral = services.record_referral_outcome(
        by=staff, referral=referral, outcome="treated"
    )

    assert referral.outcome == "treated"
    assert referral.outcome_recorded_by == staff


def test_without_health_data_consent_nothing_is_recorded(village, campaign, staff):
    invitation = f.invitation(village=village, campaign_=campaign)

    with pytest.raises(ConsentMissing):
        _record(staff, invitation)

    assert not Visit.objects.exists()


def test_after_withdrawal_the_visit_is_not_verified(staff, verifier, invitation):
    visit = _record(staff, invitation)
    consent = invitation.person.consents.get(purpose=Purpose.HEALTH_DATA)
    withdraw_consent(by=staff, consent=consent)

    with pytest.raises(ConsentMissing):
        services.sign_as_verifier(by=verifier, visit=visit)

    visit.refresh_from_db()
    assert not visit.is_complete


def test_another_townships_staff_may_not_record(other_village, invitation):
    from bureau.roles import Role
    from tests.bureau.factories import UserFactory

    outsider = UserFactory.create(role=Role.STAFF, townships=[other_village.township])

    with pytest.raises(ValidationError, match="may not"):
        _record(outsider, invitation)


def test_an_unsigned_visit_is_signed_by_the_examiner_then_the_verifier(
    staff, verifier, invitation
):
    visit = _record(staff, invitation, sign=False)
    assert visit.examiner is None

    with pytest.raises(ValidationError, match="examiner signs before"):
        services.sign_as_verifier(by=verifier, visit=visit)
    visit = services.sign_as_examiner(by=verifier, visit=visit)
    with pytest.raises(ValidationError, match="different user"):
        services.sign_as_verifier(by=verifier, visit=visit)
    visit = services.sign_as_verifier(by=staff, visit=visit)

    invitation.refresh_from_db()
    assert visit.is_complete
    assert invitation.status == Invitation.Status.ATTENDED


def test_a_couple_has_one_visit_per_partner(village, staff, verifier):
    couple = f.couple(village=village, by=staff)
    campaign = f.campaign(
        townships=[village.township], kind="pre_pregnancy", status="open"
    )
    invitation = Invitation.objects.create(
        campaign=campaign,
        couple=couple,
        household=couple.household,
        village=village,
        township=village.township,
    )

    with pytest.raises(ValidationError, match="which partner"):
        _record(staff, invitation, services={})
    woman = _record(
        staff, invitation, person=couple.woman, services=_items("pp-rubella")
    )
    with pytest.raises(ValidationError, match="not offered"):
        _record(staff, invitation, person=couple.man, services=_items("pp-rubella"))
    man = _record(staff, invitation, person=couple.man, services=_items("pp-hbv"))

    assert {woman.person_id, man.person_id} == {couple.woman_id, couple.man_id}
    with pytest.raises(ValidationError, match="already recorded"):
        _record(staff, invitation, person=couple.man, services={})
