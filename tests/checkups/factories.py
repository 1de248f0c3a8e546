"""Factories for check-ups: campaigns, women of the target age, couples with consent."""

import datetime
import itertools

from django.utils import timezone

from bureau.roles import Role
from checkups.models import Campaign, Couple, Invitation, Visit
from households.models import Consent
from households.models.consent import Purpose
from tests.bureau.factories import UserFactory
from tests.households.factories import HouseholdFactory, PersonFactory

START = datetime.date(2026, 4, 1)
_quarters = itertools.count()


def campaign(
    *,
    townships,
    kind=Campaign.Kind.REPRODUCTIVE_HEALTH,
    year=None,
    quarter=None,
    starts_on=START,
    ends_on=datetime.date(2026, 6, 30),
    status=Campaign.Status.PLANNED,
    by=None,
) -> Campaign:
    """A campaign in the given townships; each call takes a fresh (year, quarter)."""
    if year is None or quarter is None:
        n = next(_quarters)
        year, quarter = 2100 + n // 4, n % 4 + 1
    made = Campaign.objects.create(
        kind=kind,
        year=year,
        quarter=quarter,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        created_by=by or UserFactory.create(role=Role.CHIEF),
    )
    made.townships.set([getattr(t, "pk", t) for t in townships])
    return made


def woman(*, village=None, household=None, age=30, on=START, **kwargs):
    """A woman aged `age` on `on`, in a household of `village`."""
    born = on.replace(year=on.year - age) - datetime.timedelta(days=10)
    if household is None:
        household = HouseholdFactory.create(village=village)
    return PersonFactory.create(household=household, sex="F", birth_date=born, **kwargs)


def man(*, household, age=32, on=START, **kwargs):
    born = on.replace(year=on.year - age) - datetime.timedelta(days=20)
    return PersonFactory.create(household=household, sex="M", birth_date=born, **kwargs)


def consent(person, purpose=Purpose.PREPREGNANCY_CHECKUP, *, by=None) -> Consent:
    return Consent.objects.create(
        person=person,
        purpose=purpose,
        text_version="2026-01",
        given_at=timezone.now() - datetime.timedelta(days=1),
        method=Consent.Method.IN_PERSON,
        recorded_by=by or UserFactory.create(role=Role.STAFF),
    )


def consent_all(person, *, by=None) -> None:
    """Consent to the check, to health data and to counselling."""
    for purpose in (
        Purpose.PREPREGNANCY_CHECKUP,
        Purpose.HEALTH_DATA,
        Purpose.COUNSELLING,
    ):
        consent(person, purpose, by=by)


def couple(*, village, by=None, with_consent=True) -> Couple:
    """A registered couple in one household of `village` (rows made directly)."""
    household = HouseholdFactory.create(village=village)
    w = woman(household=household, age=27)
    m = man(household=household, age=29)
    if with_consent:
        for person in (w, m):
            consent_all(person, by=by)
    return Couple.objects.create(
        woman=w,
        man=m,
        registered_on=START - datetime.timedelta(days=30),
        household=household,
        village=village,
        township=village.township,
        registered_by=by or UserFactory.create(role=Role.STAFF),
    )


def invitation(*, village, person=None, campaign_=None, **kwargs) -> Invitation:
    person = person or woman(village=village)
    campaign_ = campaign_ or campaign(townships=[village.township])
    return Invitation.objects.create(
        campaign=campaign_,
        person=person,
        household=person.household,
        village=village,
        township=village.township,
        **kwargs,
    )


def visit(*, village, user, invitation_=None, **kwargs) -> Visit:
    invitation_ = invitation_ or invitation(village=village)
    return Visit.objects.create(
        invitation=invitation_,
        person=invitation_.person or invitation_.couple.woman,
        visited_on=kwargs.pop("visited_on", START),
        identity_method=Visit.IdentityMethod.CARD_READER,
        recorded_by=user,
        **kwargs,
    )
