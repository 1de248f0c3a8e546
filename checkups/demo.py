"""Demo check-ups: a year of quarterly campaigns for the demo district.

Two past reproductive-health campaigns (closed) and the current quarter's (open), and a
free pre-pregnancy campaign for registered couples, all in the first township, with
invitations from the register, visits signed by two staff members, a few abnormal
findings and referrals, risk assessments (about one in six high risk) and counselling,
and some who declined (recorded, nothing more). `build_checkups()` is the `seed_demo`
hook of this app (after the register's); it does nothing once the demo campaigns exist.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from bureau.audit import audit_context
from bureau.demo import DemoHook, register_demo_hook
from bureau.models import Township, User
from bureau.roles import Role
from checkups import services
from checkups.catalogue import load_items
from checkups.models import Campaign, Couple, Invitation, Visit
from checkups.selectors import items_for
from households.models import Consent, Person
from households.models.consent import Purpose

VISITS_PER_CAMPAIGN = 150
COUPLES = 18
SITE = "镇卫生院查体点"
FINDINGS = ["gyn_infection", "cervical", "breast", "blood_pressure"]


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    nxt = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, nxt - timedelta(days=1)


def _back(year: int, quarter: int, steps: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 - steps
    return index // 4, index % 4 + 1


def _users(township: Township) -> tuple[User, User, User]:
    # The district's own staff accounts (staff1, staff3) first, then any other.
    staff = sorted(
        User.objects.filter(
            role=Role.STAFF, townships=township, is_active=True
        ).distinct(),
        key=lambda user: (not user.username.startswith("staff"), user.username),
    )[:2]
    chief = User.objects.filter(role=Role.CHIEF, is_active=True).order_by("pk").first()
    if len(staff) < 2 or chief is None:
        raise LookupError("the demo district has no two staff members and a chief")
    return staff[0], staff[1], chief


ALL_PURPOSES = (Purpose.HEALTH_DATA, Purpose.PREPREGNANCY_CHECKUP, Purpose.COUNSELLING)


def _consent_bulk(persons, by: User, purposes=ALL_PURPOSES) -> None:
    """In-person consents for the demo, recorded by staff."""
    given = timezone.now() - timedelta(days=400)
    have = set(
        Consent.objects.filter(
            person__in=persons, withdrawn_at__isnull=True
        ).values_list("person_id", "purpose")
    )
    Consent.objects.bulk_create(
        Consent(
            person=person,
            purpose=purpose,
            text_version="2025-01",
            given_at=given,
            method=Consent.Method.IN_PERSON,
            recorded_by=by,
        )
        for person in persons
        for purpose in purposes
        if (person.pk, purpose) not in have
    )


def _campaign(chief, township, kind, year, quarter) -> Campaign:
    start, end = quarter_bounds(year, quarter)
    names = {
        "reproductive_health": "生殖健康查体",
        "pre_pregnancy": "免费孕前优生健康检查",
    }
    campaign = services.create_campaign(
        by=chief,
        kind=kind,
        year=year,
        quarter=quarter,
        starts_on=start,
        ends_on=end,
        townships=[township],
        name=f"{year}年第{quarter}季度{names[kind]}",
    )
    services.add_site(by=chief, campaign=campaign, name=SITE, township=township)
    services.open_campaign(by=chief, campaign=campaign)
    return campaign


def _visit(rng, campaign, invitation, person, examiner, verifier, day):
    items = {item.pk: "done" for item in items_for(campaign.kind, person.sex)}
    if items and rng.random() < 0.1:
        items[rng.choice(list(items))] = "declined"
    abnormal = rng.random() < 0.08
    visit = services.record_visit(
        by=examiner,
        invitation=invitation,
        person=person,
        visited_on=day,
        site=campaign.sites.first(),
        identity_method=Visit.IdentityMethod.CARD_READER,
        services=items,
        findings="abnormal" if abnormal else "normal",
        finding_category=rng.choice(FINDINGS) if abnormal else "",
        free_medicine="叶酸片 3瓶" if campaign.kind == "pre_pregnancy" else "",
        referral={"destination": "区妇幼保健院", "reason": "异常结果复查"}
        if abnormal
        else None,
    )
    return services.sign_as_verifier(by=verifier, visit=visit)


def _days(rng, campaign, today):
    last = min(campaign.ends_on, today)
    span = max((last - campaign.starts_on).days, 0)
    return lambda: campaign.starts_on + timedelta(days=rng.randint(0, span))


def _answer(rng, closed: bool) -> str:
    """What became of one invitation: a visit, an answer, or still waiting."""
    draw = rng.random()
    for answer, share in (
        ("declined", 0.06),
        ("moved_away", 0.03),
        ("unreachable", 0.03),
    ):
        if draw < share:
            return answer
        draw -= share
    return "waiting" if draw < (0.10 if closed else 0.35) else "visit"


NOTES = {
    "declined": "本人不愿参加",
    "moved_away": "外出务工",
    "unreachable": "电话无人接听",
}


def _reproductive(rng, campaign, examiner, verifier, today, *, closed: bool) -> int:
    invitations = list(
        Invitation.objects.filter(campaign=campaign)
        .select_related("person")
        .order_by("pk")[: VISITS_PER_CAMPAIGN * 2]
    )
    _consent_bulk([i.person for i in invitations], examiner, (Purpose.HEALTH_DATA,))
    day = _days(rng, campaign, today)
    visits = 0
    for invitation in invitations:
        answer = _answer(rng, closed)
        if answer in NOTES:
            services.set_invitation_status(
                by=examiner, invitation=invitation, status=answer, note=NOTES[answer]
            )
        elif answer == "visit" and visits < VISITS_PER_CAMPAIGN:
            visit = _visit(
                rng, campaign, invitation, invitation.person, examiner, verifier, day()
            )
            visits += 1
            for referral in visit.referrals.all():
                if closed:
                    services.record_referral_outcome(
                        by=examiner, referral=referral, outcome="treated"
                    )
    return visits


def _couples(township, examiner) -> list[Couple]:
    today = timezone.localdate()
    women = (
        Person.objects.filter(
            household__village__township=township,
            sex="F",
            is_alive=True,
            relation_to_head__in=["head", "spouse"],
            birth_date__gt=today.replace(year=today.year - 35),
            birth_date__lte=today.replace(year=today.year - 22),
        )
        .exclude(checkup_couples_as_woman__status="active")
        .select_related("household")
        .order_by("pk")[: COUPLES * 3]
    )
    couples = []
    for woman in women:
        man = (
            Person.objects.filter(
                household=woman.household,
                sex="M",
                is_alive=True,
                relation_to_head__in=["head", "spouse"],
            )
            .exclude(checkup_couples_as_man__status="active")
            .first()
        )
        if man is None:
            continue
        _consent_bulk([woman, man], examiner)
        couples.append(services.register_couple(by=examiner, woman=woman, man=man))
        if len(couples) == COUPLES:
            break
    return couples


def _pre_pregnancy(rng, campaign, examiner, verifier, today) -> tuple[int, int]:
    day = _days(rng, campaign, today)
    high = 0
    invitations = Invitation.objects.filter(campaign=campaign).select_related(
        "couple__woman", "couple__man"
    )
    for index, invitation in enumerate(invitations.order_by("pk")):
        couple = invitation.couple
        if index % 9 == 8:
            continue  # not come yet
        partners = [couple.woman] if index % 7 == 3 else [couple.woman, couple.man]
        for person in partners:
            visit = _visit(rng, campaign, invitation, person, examiner, verifier, day())
            risky = rng.random() < 0.17
            outcome = (
                "high_risk"
                if risky
                else ("one_partner_only" if len(partners) == 1 else "general")
            )
            assessment = services.assess_risk(
                by=examiner,
                couple=couple,
                person=person,
                outcome=outcome,
                factors=[rng.choice(["rubella_susceptible", "chronic", "lifestyle"])]
                if risky
                else [],
                assessed_on=visit.visited_on,
                visit=visit,
            )
            if risky:
                high += 1
                if rng.random() < 0.7:
                    services.record_counselling(
                        by=examiner,
                        couple=couple,
                        person=person,
                        counselled_on=min(
                            assessment.assessed_on + timedelta(days=3), today
                        ),
                        content="面对面咨询：风险因素说明、接种与用药建议、转诊安排",
                    )
    return invitations.count(), high


def build_checkups(*, seed=None, **options) -> list[str]:
    """The campaign history of the demo district's first township (idempotent)."""
    load_items()
    township = Township.objects.order_by("code").first()
    if township is None:
        return ["Check-ups: catalogue loaded (no district yet)."]
    if Campaign.objects.filter(name__endswith="生殖健康查体").exists():
        return ["Check-ups: demo campaigns already present."]
    if not Person.objects.filter(household__village__township=township).exists():
        return [
            "Check-ups: catalogue loaded (run seed_demo --persons N for campaigns)."
        ]
    examiner, verifier, chief = _users(township)
    rng = random.Random(seed or 7)
    today = timezone.localdate()
    year, quarter = quarter_of(today)
    lines = []
    with transaction.atomic(), audit_context(task="seed_demo"):
        for steps in (2, 1, 0):
            y, q = _back(year, quarter, steps)
            campaign = _campaign(chief, township, "reproductive_health", y, q)
            visits = _reproductive(
                rng, campaign, examiner, verifier, today, closed=steps > 0
            )
            if steps:
                services.close_campaign(by=chief, campaign=campaign)
            lines.append(f"Check-ups: {campaign.name}, {visits} signed visits.")
        couples = _couples(township, examiner)
        campaign = _campaign(chief, township, "pre_pregnancy", year, quarter)
        invited, high = _pre_pregnancy(rng, campaign, examiner, verifier, today)
        lines.append(
            f"Check-ups: {len(couples)} couples registered, {invited} invited, "
            f"{high} high-risk persons."
        )
    return lines


register_demo_hook(DemoHook("checkups", build_checkups, order=150))
