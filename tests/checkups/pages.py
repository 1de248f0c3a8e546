"""What the check-up page tests share: a woman of the target age, a signed-in client,
an opened campaign, a visit posted from its form and signed, a registered couple."""

import datetime

from django.urls import reverse
from django.utils import timezone

from bureau.roles import Role
from checkups import services
from checkups.models import Campaign, ServiceItem, Visit
from households.models import Consent
from households.services.consent import record_consent
from tests.bureau.factories import UserFactory
from tests.checkups.factories import consent, consent_all
from tests.conftest import ENGLISH, BureauClient
from tests.households.factories import HouseholdFactory, PersonFactory

# Read at each use: a run that passes midnight must not date its records yesterday.
today = timezone.localdate


def woman(village, *, age=30, name="王秀兰", household=None, consent=True):
    """A woman of the target age; with `consent`, to the check and her health data."""
    person = PersonFactory.create(
        household=household or HouseholdFactory.create(village=village),
        name=name,
        sex="F",
        birth_date=today().replace(year=today().year - age, day=1),
    )
    if consent:
        consent_all(person)
    return person


def client_as(user):
    client = BureauClient(headers=ENGLISH)
    client.force_login(user)
    return client


def open_campaign(village, *, by=None, kind=Campaign.Kind.REPRODUCTIVE_HEALTH):
    """A campaign of the village's township, opened by a chief (all townships)."""
    chief = by or UserFactory.create(role=Role.CHIEF)
    campaign = services.create_campaign(
        by=chief,
        kind=kind,
        year=today().year,
        quarter=2,
        starts_on=today() - datetime.timedelta(days=10),
        ends_on=today() + datetime.timedelta(days=60),
        townships=[village.township],
    )
    services.open_campaign(by=chief, campaign=campaign)
    campaign.refresh_from_db()
    return campaign


def visit_post(invitation, *, findings="normal", **extra):
    items = ServiceItem.objects.filter(
        campaign_kind=invitation.campaign.kind, is_active=True, for_women=True
    )
    data = {
        "visited_on": today().isoformat(),
        "identity_method": Visit.IdentityMethod.CARD_READER,
        "findings": findings,
        **{f"item_{item.pk}": "done" for item in items},
    }
    data.update(extra)
    return data


def record(client, invitation, **extra):
    return client.post(
        reverse("checkups:visit-record", args=[invitation.pk]),
        visit_post(invitation, **extra),
    )


def signed_visit(staff, colleague, village, **extra):
    invited = woman(village)
    invitation = open_campaign(village).invitations.get(person=invited)
    record(
        client_as(staff),
        invitation,
        findings="abnormal",
        finding_category=Visit.FindingCategory.BREAST,
        free_medicine="叶酸片 3瓶",
        **extra,
    )
    visit = Visit.objects.get(invitation=invitation)
    services.sign_as_verifier(by=colleague, visit=visit)
    return visit


def consent_to_check(by, person):
    """Consent to the check through the register's service, and to health data."""
    record_consent(
        by=by,
        person=person,
        purpose=Consent.Purpose.PREPREGNANCY_CHECKUP,
        text_version="2026-01",
        method=Consent.Method.IN_PERSON,
    )
    consent(person, Consent.Purpose.HEALTH_DATA)


def partners(village):
    household = HouseholdFactory.create(village=village)
    her = woman(village, household=household, name="李娜", consent=False)
    him = PersonFactory.create(
        household=household,
        name="张伟",
        sex="M",
        birth_date=today().replace(year=today().year - 31, day=1),
    )
    return her, him


def registered_couple(staff, village):
    her, him = partners(village)
    consent_to_check(staff, her)
    consent_to_check(staff, him)
    return services.register_couple(by=staff, woman=her, man=him, registered_on=today())
