"""Check-up figures for directive scoring: coverage, counselling rate, referral completion.

Each is computed per township for one month with one GROUP BY, broken down per village
(the villages add up to the township), and opened to its rows. Coverage measures the
service, never a person: those who declined or moved away are in neither part of the
ratio, and only visits signed by two users count as attended.
"""

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bureau.indicators import Direction, Indicator, Measure, Period
from checkups.models import Invitation, Referral, RiskAssessment, Visit
from checkups.models.visits import REFERRAL_DONE
from checkups.selectors import COUNTED, counselled_since_assessment
from households.models import Consent
from households.models.consent import Purpose


def _ratio(rows: QuerySet, *, key: str, good) -> dict[str, Measure]:
    counted = (
        rows.order_by()
        .values(key)
        .annotate(total=Count("pk"), good=Count("pk", filter=good))
        .values_list(key, "good", "total")
    )
    return {code: Measure(n, d) for code, n, d in counted if code is not None}


# Coverage: invitations of campaigns running in the month; attended by the month's end.


def _attended_by(period: Period) -> Q:
    return Q(
        Exists(
            Visit.objects.filter(
                invitation_id=OuterRef("pk"),
                examiner__isnull=False,
                verifier__isnull=False,
                visited_on__lt=period.end,
            )
        )
    )


def _invitations(period: Period, where: Q) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        where,
        COUNTED,
        campaign__starts_on__lt=period.end,
        campaign__ends_on__gte=period.start,
    )


def invitations(township: str, period: Period, village: str | None = None):
    """The invitations counted: those attended by the month's end are the numerator."""
    rows = _invitations(period, Q(township_id=township))
    if village:
        rows = rows.filter(village_id=village)
    return (
        rows.filter(_attended_by(period))
        .select_related("campaign", "village", "person", "couple")
        .order_by("pk")
    )


def _coverage(townships: Iterable[str], period: Period) -> dict[str, Measure]:
    rows = _invitations(period, Q(township_id__in=list(townships)))
    return _ratio(rows, key="township_id", good=_attended_by(period))


def _coverage_by_village(township: str, period: Period) -> dict[str, Measure]:
    rows = _invitations(period, Q(township_id=township))
    return _ratio(rows, key="village_id", good=_attended_by(period))


# Counselling: high-risk persons assessed in the month, counselled since.


def _consent_in_force() -> Q:
    return Q(
        Exists(
            Consent.objects.filter(
                person_id=OuterRef("person_id"),
                purpose=Purpose.PREPREGNANCY_CHECKUP,
                withdrawn_at__isnull=True,
            )
        )
    )


def _high_risk(period: Period, where: Q) -> QuerySet[RiskAssessment]:
    # Someone who withdrew consent may not be counselled, so is not counted.
    return RiskAssessment.objects.filter(
        where,
        _consent_in_force(),
        outcome=RiskAssessment.Outcome.HIGH_RISK,
        assessed_on__gte=period.start,
        assessed_on__lt=period.end,
    )


def counselled(township: str, period: Period, village: str | None = None):
    rows = _high_risk(period, Q(couple__township_id=township))
    if village:
        rows = rows.filter(couple__village_id=village)
    return (
        rows.filter(counselled_since_assessment())
        .select_related("couple", "person")
        .order_by("pk")
    )


def _counselling(townships: Iterable[str], period: Period) -> dict[str, Measure]:
    rows = _high_risk(period, Q(couple__township_id__in=list(townships)))
    return _ratio(
        rows, key="couple__township_id", good=Q(counselled_since_assessment())
    )


def _counselling_by_village(township: str, period: Period) -> dict[str, Measure]:
    rows = _high_risk(period, Q(couple__township_id=township))
    return _ratio(rows, key="couple__village_id", good=Q(counselled_since_assessment()))


# Referrals made in the month whose outcome is known (declining is an outcome).


def _referrals(period: Period, where: Q) -> QuerySet[Referral]:
    return Referral.objects.filter(
        where, referred_on__gte=period.start, referred_on__lt=period.end
    )


def completed_referrals(township: str, period: Period, village: str | None = None):
    rows = _referrals(period, Q(visit__invitation__township_id=township))
    if village:
        rows = rows.filter(visit__invitation__village_id=village)
    return rows.filter(outcome__in=REFERRAL_DONE).select_related("visit").order_by("pk")


def _referral(townships: Iterable[str], period: Period) -> dict[str, Measure]:
    rows = _referrals(period, Q(visit__invitation__township_id__in=list(townships)))
    return _ratio(
        rows, key="visit__invitation__township_id", good=Q(outcome__in=REFERRAL_DONE)
    )


def _referral_by_village(township: str, period: Period) -> dict[str, Measure]:
    rows = _referrals(period, Q(visit__invitation__township_id=township))
    return _ratio(
        rows, key="visit__invitation__village_id", good=Q(outcome__in=REFERRAL_DONE)
    )


INDICATORS = [
    Indicator(
        code="checkups.coverage",
        label=_("Check-up coverage"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_coverage,
        by_village=_coverage_by_village,
        records=invitations,
        description=_(
            "Attended (signed by examiner and verifier) ÷ invited, for campaigns running "
            "in the month; those who declined or moved away are not counted."
        ),
    ),
    Indicator(
        code="checkups.counselling_rate",
        label=_("High-risk persons counselled"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_counselling,
        by_village=_counselling_by_village,
        records=counselled,
        description=_(
            "High-risk persons assessed in the month who were counselled since (target 100%)."
        ),
    ),
    Indicator(
        code="checkups.referral_completion",
        label=_("Check-up referrals completed"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_referral,
        by_village=_referral_by_village,
        records=completed_referrals,
        description=_("Referrals made in the month whose outcome is recorded."),
    ),
]
