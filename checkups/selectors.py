"""Reading check-ups. Every read other code needs starts here, scoped to a user.

Figures are set-based aggregates (one GROUP BY per level). Coverage is attended ÷
invited, where "invited" leaves out those who moved away and those who declined:
declining is a person's free choice and must not count against anyone, so it is
neither in the numerator nor in the denominator of any figure. "Attended" means a
visit signed by the examiner and a different verifier.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bureau.models import Township, Village
from bureau.scoping import townships_for, within_townships
from checkups.apps import HEALTH_DETAILS
from checkups.models import (
    Campaign,
    Counselling,
    Couple,
    Invitation,
    Referral,
    RiskAssessment,
    ServiceItem,
    Site,
    Visit,
    VisitService,
)
from checkups.models.invitations import PENDING
from checkups.models.visits import REFERRAL_DONE
from households.models import Consent
from households.models.consent import Purpose

S = Invitation.Status
# Invitations that count in coverage: everyone invited except moved away and declined.
COUNTED = ~Q(status__in=[S.MOVED_AWAY, S.DECLINED])
COMPLETE = Q(examiner__isnull=False, verifier__isnull=False)


def _sees_all(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("bureau.view_all_townships")
    )


# --- scoped lists -----------------------------------------------------------------


def visible_campaigns(user) -> QuerySet[Campaign]:
    """Every campaign for bureau-wide roles; for township staff, those their townships
    take part in."""
    if _sees_all(user):
        return Campaign.objects.all()
    ours = Campaign.townships.through.objects.filter(
        campaign_id=OuterRef("pk"),
        township_id__in=townships_for(user).values("code"),
    )
    return Campaign.objects.filter(Exists(ours))


def visible_sites(user) -> QuerySet[Site]:
    return within_townships(Site.objects.all(), user, via="township")


def visible_service_items(user) -> QuerySet[ServiceItem]:
    """The catalogue (no resident data): every item for a signed-in user."""
    if not getattr(user, "is_authenticated", False):
        return ServiceItem.objects.none()
    return ServiceItem.objects.all()


def items_for(kind: str, sex: str) -> QuerySet[ServiceItem]:
    """The active catalogue items a visit of this campaign kind offers a person of `sex`."""
    items = ServiceItem.objects.filter(campaign_kind=kind, is_active=True)
    return items.filter(for_women=True) if sex == "F" else items.filter(for_men=True)


def visible_invitations(user) -> QuerySet[Invitation]:
    return within_townships(Invitation.objects.all(), user, via="township")


def visible_visits(user) -> QuerySet[Visit]:
    return within_townships(Visit.objects.all(), user, via="invitation__township")


def visible_visit_services(user) -> QuerySet[VisitService]:
    return within_townships(
        VisitService.objects.all(), user, via="visit__invitation__township"
    )


def visible_referrals(user) -> QuerySet[Referral]:
    return within_townships(
        Referral.objects.all(), user, via="visit__invitation__township"
    )


def visible_couples(user) -> QuerySet[Couple]:
    return within_townships(Couple.objects.all(), user, via="township")


def visible_assessments(user) -> QuerySet[RiskAssessment]:
    return within_townships(RiskAssessment.objects.all(), user, via="couple__township")


def visible_counselling(user) -> QuerySet[Counselling]:
    return within_townships(Counselling.objects.all(), user, via="couple__township")


def sees_health_details(user, township) -> bool:
    """Whether `user` may see findings, medicine, referrals, risk factors and counselling
    content of a row in `township` (a Township or its code). Chiefs and auditors never
    do; they get figures and masked lists."""
    code = getattr(township, "code", township)
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(HEALTH_DETAILS)
        and townships_for(user).filter(code=code).exists()
    )


def masked_finding(visit: Visit) -> str:
    """What a user without health details sees of a visit's findings: whether it is
    complete, never the finding."""
    return "signed" if visit.is_complete else "incomplete"


# --- working lists ----------------------------------------------------------------


def non_attenders(user, campaign: Campaign) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer (invited or reminded).

    Declined, unreachable and moved-away invitations are never on it: nobody is
    chased after saying no.
    """
    return visible_invitations(user).filter(campaign=campaign, status__in=PENDING)


def visits_to_sign(user) -> QuerySet[Visit]:
    """Visits still missing the examiner's or the verifier's signature."""
    return visible_visits(user).filter(
        Q(examiner__isnull=True) | Q(verifier__isnull=True)
    )


def _consent_in_force(person_ref: str):
    return Exists(
        Consent.objects.filter(
            person=OuterRef(person_ref),
            purpose=Purpose.PREPREGNANCY_CHECKUP,
            withdrawn_at__isnull=True,
            given_at__lte=timezone.now(),
        )
    )


def counselled_since_assessment():
    """Exists: a counselling record of the assessed person and couple on or after the
    day of the assessment."""
    return Exists(
        Counselling.objects.filter(
            couple_id=OuterRef("couple_id"),
            person_id=OuterRef("person_id"),
            counselled_on__gte=OuterRef("assessed_on"),
        )
    )


def follow_up_list(user) -> QuerySet[RiskAssessment]:
    """High-risk persons not yet counselled since their assessment.

    Someone whose pre-pregnancy consent is no longer in force leaves the list:
    withdrawal stops processing for that purpose.
    """
    return (
        visible_assessments(user)
        .filter(outcome=RiskAssessment.Outcome.HIGH_RISK)
        .filter(~counselled_since_assessment(), _consent_in_force("person_id"))
        .select_related("person", "couple__village")
        .order_by("assessed_on", "pk")
    )


# --- figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """One line of the coverage table. `rate` is None when nobody counts."""

    key: str
    name: str
    invited: int  # everyone invited except moved away and declined
    attended: int
    declined: int
    moved_away: int

    @property
    def rate(self) -> Decimal | None:
        if not self.invited:
            return None
        return Decimal(self.attended) / Decimal(self.invited)

    @property
    def percent(self) -> Decimal | None:
        rate = self.rate
        return None if rate is None else (rate * 100).quantize(Decimal("0.1"))


# Counting the (never empty) status rather than the id: the figures index (campaign,
# township, village, status) then answers the whole GROUP BY without the table.
_FILTERS = {
    "invited": COUNTED,
    "attended": Q(status=S.ATTENDED),
    "declined": Q(status=S.DECLINED),
    "moved_away": Q(status=S.MOVED_AWAY),
}


def _counts() -> dict[str, Count]:
    return {name: Count("status", filter=f) for name, f in _FILTERS.items()}


_FIGURES = tuple(_FILTERS)


def _summed(key: str, name: str, rows: list[Coverage]) -> Coverage:
    return Coverage(
        key=key,
        name=name,
        **{field: sum(getattr(row, field) for row in rows) for field in _FIGURES},
    )


@dataclass(frozen=True)
class CoverageLevels:
    villages: list[Coverage]
    townships: list[Coverage]
    total: Coverage


def coverage_levels(user, campaign: Campaign, *, township=None) -> CoverageLevels:
    """Coverage per village and per township and the total, from one GROUP BY over the
    campaign's invitations the user may see (the township and total lines are sums of
    the village lines)."""
    rows = visible_invitations(user).filter(campaign=campaign)
    if township is not None:
        rows = rows.filter(township=township)
    counted = list(
        rows.order_by().values("township_id", "village_id").annotate(**_counts())
    )  # unordered, so PostgreSQL may hash the groups; they are sorted below
    codes = {row["village_id"] for row in counted} | {
        row["township_id"] for row in counted
    }
    names = dict(Village.objects.filter(code__in=codes).values_list("code", "name"))
    names.update(Township.objects.filter(code__in=codes).values_list("code", "name"))
    villages = [
        Coverage(
            key=row["village_id"],
            name=names.get(row["village_id"], ""),
            **{field: row[field] for field in _FIGURES},
        )
        for row in counted
    ]
    by_township: dict[str, list[Coverage]] = {}
    for row, line in zip(counted, villages, strict=True):
        by_township.setdefault(row["township_id"], []).append(line)
    townships = [
        _summed(code, names.get(code, ""), lines)
        for code, lines in sorted(by_township.items())
    ]
    villages.sort(key=lambda line: line.key)
    return CoverageLevels(villages, townships, _summed("", "", villages))


def coverage_by_village(user, campaign: Campaign, *, township=None) -> list[Coverage]:
    return coverage_levels(user, campaign, township=township).villages


def coverage_by_township(user, campaign: Campaign) -> list[Coverage]:
    return coverage_levels(user, campaign).townships


def coverage_total(user, campaign: Campaign) -> Coverage:
    """The district line (or the user's townships' line for township staff)."""
    return coverage_levels(user, campaign).total


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def percent(self) -> Decimal | None:
        value = self.value
        return None if value is None else (value * 100).quantize(Decimal("0.1"))


def _campaign_visits(user, campaign: Campaign) -> QuerySet[Visit]:
    return visible_visits(user).filter(COMPLETE, invitation__campaign=campaign)


def high_risk_rate(user, campaign: Campaign) -> Rate:
    """High-risk persons ÷ persons examined (signed visits) in the campaign."""
    examined = _campaign_visits(user, campaign).values("person_id").distinct().count()
    high = (
        visible_assessments(user)
        .filter(
            outcome=RiskAssessment.Outcome.HIGH_RISK,
            visit__invitation__campaign=campaign,
            visit__examiner__isnull=False,
            visit__verifier__isnull=False,
        )
        .values("person_id")
        .distinct()
        .count()
    )
    return Rate(high, examined)


def counselling_rate(user, campaign: Campaign) -> Rate:
    """High-risk persons counselled since their assessment ÷ high-risk persons (those
    whose consent is no longer in force may not be counselled and are not counted)."""
    counts = (
        visible_assessments(user)
        .filter(
            _consent_in_force("person_id"),
            outcome=RiskAssessment.Outcome.HIGH_RISK,
            visit__invitation__campaign=campaign,
        )
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(counselled_since_assessment())),
        )
    )
    return Rate(counts["done"], counts["total"])


def referral_completion(user, campaign: Campaign) -> Rate:
    """Referrals with a known outcome ÷ referrals made, in the campaign."""
    counts = (
        visible_referrals(user)
        .filter(visit__invitation__campaign=campaign)
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(outcome__in=REFERRAL_DONE)),
        )
    )
    return Rate(counts["done"], counts["total"])
