"""Couples rest on consent; withdrawing it stops processing for that purpose."""

import pytest
from django.core.exceptions import ValidationError

from checkups import selectors, services
from checkups.models import Counselling, Couple, Invitation
from households.models.consent import Purpose
from households.services.consent import ConsentMissing, withdraw_consent
from tests.checkups import factories as f
from tests.households.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _partners(village, staff, *, consent=True):
    household = HouseholdFactory.create(village=village)
    woman = f.woman(household=household, age=26)
    man = f.man(household=household, age=28)
    if consent:
        for person in (woman, man):
            f.consent_all(person, by=staff)
    return woman, man


def _couple(village, staff):
    woman, man = _partners(village, staff)
    return services.register_couple(by=staff, woman=woman, man=man)


def test_registering_a_couple_needs_both_partners_consent(village, staff):
    woman, man = _partners(village, staff, consent=False)
    f.consent(woman, by=staff)

    with pytest.raises(ConsentMissing):
        services.register_couple(by=staff, woman=woman, man=man)

    assert not Couple.objects.exists()


def test_a_registered_couple_is_filed_under_its_village(village, staff):
    woman, man = _partners(village, staff)

    couple = services.register_couple(by=staff, woman=woman, man=man)

    assert couple.village == village
    assert couple.township_id == village.township_id
    with pytest.raises(ValidationError, match="already"):
        services.register_couple(by=staff, woman=woman, man=man)


def test_after_withdrawal_no_assessment_or_counselling_is_recorded(village, staff):
    couple = _couple(village, staff)
    services.assess_risk(
        by=staff,
        couple=couple,
        person=couple.woman,
        outcome="high_risk",
        factors=["chronic"],
    )
    assert selectors.follow_up_list(staff).count() == 1
    consent = couple.woman.consents.get(purpose=Purpose.PREPREGNANCY_CHECKUP)

    withdraw_consent(by=staff, consent=consent)

    with pytest.raises(ConsentMissing):
        services.record_counselling(
            by=staff, couple=couple, person=couple.woman, content="饮食与用药建议"
        )
    with pytest.raises(ConsentMissing):
        services.assess_risk(
            by=staff, couple=couple, person=couple.woman, outcome="general"
        )
    assert not Counselling.objects.exists()
    # Nobody is followed up once they withdrew.
    assert not selectors.follow_up_list(staff).exists()


def test_a_couple_that_withdrew_is_not_invited_again(village, staff, chief):
    couple = _couple(village, staff)
    for person in couple.partners():
        withdraw_consent(
            by=staff, consent=person.consents.get(purpose=Purpose.PREPREGNANCY_CHECKUP)
        )
    campaign = f.campaign(townships=[village.township], kind="pre_pregnancy", by=chief)

    assert services.open_campaign(by=chief, campaign=campaign) == 0
    assert not Invitation.objects.exists()


def test_registered_couples_with_consent_are_invited_once(village, staff, chief):
    couple = _couple(village, staff)
    campaign = f.campaign(townships=[village.township], kind="pre_pregnancy", by=chief)

    assert services.open_campaign(by=chief, campaign=campaign) == 1
    assert services.open_campaign(by=chief, campaign=campaign) == 0
    assert Invitation.objects.get().couple == couple


def test_a_migrant_couple_is_registered_and_invited(village, staff, chief):
    woman, man = _partners(village, staff)
    for person in (woman, man):
        person.residence_status = "moved_in"
        person.save()

    couple = services.register_couple(by=staff, woman=woman, man=man)
    campaign = f.campaign(townships=[village.township], kind="pre_pregnancy", by=chief)

    assert services.open_campaign(by=chief, campaign=campaign) == 1
    assert Invitation.objects.get().couple == couple


def test_a_man_cannot_be_registered_as_the_woman(village, staff):
    woman, man = _partners(village, staff)

    with pytest.raises(ValidationError) as error:
        services.register_couple(by=staff, woman=man, man=woman)

    assert "woman" in error.value.message_dict
