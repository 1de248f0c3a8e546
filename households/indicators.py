"""The register's figures for directive scoring: corrections, reconciliation, data quality.

Each figure is computed from the register's own tables per township for one month, and can
be broken down per village and opened to the rows it counts (see `bureau.indicators`).
"""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.indicators import Direction, Indicator, Measure, Period
from households.models import (
    Correction,
    DataQualityIssue,
    Household,
    ReconciliationItem,
)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _as_of(period: Period) -> date:
    """The day a month's standing figures are read: its last day, or today while it runs."""
    return min(period.last_day, timezone.localdate())


def _counts(rows: QuerySet, key: str) -> dict[str, int]:
    return dict(
        rows.filter(**{f"{key}__isnull": False})
        .order_by()
        .values(key)
        .annotate(n=Count("pk"))
        .values_list(key, "n")
    )


def quality_counts_by_township(*, on=None) -> dict[str, dict[str, int]]:
    """Open data-quality issues per township code and kind, for scoring townships.

    `on` (a date) counts the issues open that day (first seen on or before it, not yet
    resolved by it); None counts those open now. Kinds without issues are left out.
    """
    issues = DataQualityIssue.objects.all()
    if on is None:
        issues = issues.filter(resolved_on__isnull=True)
    else:
        issues = issues.filter(first_seen_on__lte=on).filter(
            Q(resolved_on__isnull=True) | Q(resolved_on__gt=on)
        )
    counts: dict[str, dict[str, int]] = {}
    for township, kind, count in (
        issues.order_by()
        .values("township_id", "kind")
        .annotate(count=Count("pk"))
        .values_list("township_id", "kind", "count")
    ):
        counts.setdefault(township, {})[kind] = count
    return counts


def open_reconciliation_counts_by_township() -> dict[str, int]:
    """Open reconciliation items per township code (unplaced items are not counted)."""
    return _counts(
        ReconciliationItem.objects.filter(
            status=ReconciliationItem.Status.OPEN, township__isnull=False
        ),
        "township_id",
    )


# Corrections applied in the month (信息纠错).

CORRECTION_TOWNSHIP = "person__household__village__township_id"
CORRECTION_VILLAGE = "person__household__village_id"


def applied_corrections(
    township: str, period: Period, village: str | None = None
) -> QuerySet[Correction]:
    """Corrections of the township's persons applied within the month."""
    rows = Correction.objects.filter(
        status=Correction.Status.APPLIED,
        decided_at__gte=_moment(period.start),
        decided_at__lt=_moment(period.end),
        **{CORRECTION_TOWNSHIP: township},
    )
    if village:
        rows = rows.filter(**{CORRECTION_VILLAGE: village})
    return rows.select_related("person__household__village").order_by("pk")


def _corrections(townships: Iterable[str], period: Period) -> dict[str, Measure]:
    rows = Correction.objects.filter(
        status=Correction.Status.APPLIED,
        decided_at__gte=_moment(period.start),
        decided_at__lt=_moment(period.end),
        **{f"{CORRECTION_TOWNSHIP}__in": list(townships)},
    )
    return {code: Measure(n) for code, n in _counts(rows, CORRECTION_TOWNSHIP).items()}


def _corrections_by_village(township: str, period: Period) -> dict[str, Measure]:
    rows = applied_corrections(township, period)
    return {code: Measure(n) for code, n in _counts(rows, CORRECTION_VILLAGE).items()}


# Reconciliation items still open at the end of the month (backlog).


def reconciliation_backlog(
    township: str, period: Period, village: str | None = None
) -> QuerySet[ReconciliationItem]:
    """Items of the township received before the month ended and not settled by then."""
    end = _moment(period.end)
    rows = ReconciliationItem.objects.filter(
        township_id=township, batch__imported_at__lt=end
    ).filter(
        Q(status=ReconciliationItem.Status.OPEN)
        | Q(resolved_at__isnull=True)
        | Q(resolved_at__gte=end)
    )
    if village:
        rows = rows.filter(person__household__village_id=village)
    return rows.select_related("batch", "person__household__village").order_by("pk")


def _backlog(townships: Iterable[str], period: Period) -> dict[str, Measure]:
    counts: dict[str, Measure] = {}
    for code in townships:
        n = reconciliation_backlog(code, period).count()
        if n:
            counts[code] = Measure(n)
    return counts


def _backlog_by_village(township: str, period: Period) -> dict[str, Measure]:
    # Items not matched to a person have no village; they count under the township only.
    rows = reconciliation_backlog(township, period)
    counts = _counts(rows, "person__household__village_id")
    unplaced = rows.filter(person__isnull=True).count()
    measures = {code: Measure(n) for code, n in counts.items()}
    if unplaced:
        measures[""] = Measure(unplaced)
    return measures


# Open data-quality findings per resident household.


def open_findings(
    township: str, period: Period, village: str | None = None
) -> QuerySet[DataQualityIssue]:
    """Findings of the township open on the month's last day (today while it runs)."""
    day = _as_of(period)
    rows = DataQualityIssue.objects.filter(
        township_id=township, first_seen_on__lte=day
    ).filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=day))
    if village:
        rows = rows.filter(
            Q(household__village_id=village) | Q(person__household__village_id=village)
        )
    return rows.select_related("household__village", "person__household__village")


def _households(township: str, village: str | None = None) -> QuerySet[Household]:
    rows = Household.objects.active().filter(village__township_id=township)
    return rows.filter(village_id=village) if village else rows


def _findings(townships: Iterable[str], period: Period) -> dict[str, Measure]:
    codes = list(townships)
    households = _counts(
        Household.objects.active().filter(village__township_id__in=codes),
        "village__township_id",
    )
    findings = {
        code: sum(kinds.values())
        for code, kinds in quality_counts_by_township(on=_as_of(period)).items()
    }
    return {
        code: Measure(findings.get(code, 0), households.get(code, 0))
        for code in codes
        if code in households or code in findings
    }


def _findings_by_village(township: str, period: Period) -> dict[str, Measure]:
    households = _counts(_households(township), "village_id")
    findings: dict[str, int] = {}
    for issue in open_findings(township, period):
        home = issue.household or (issue.person.household if issue.person else None)
        code = home.village_id if home else ""
        findings[code] = findings.get(code, 0) + 1
    return {
        code: Measure(findings.get(code, 0), households.get(code, 0))
        for code in sorted(set(households) | set(findings))
    }


INDICATORS = [
    Indicator(
        code="households.corrections_applied",
        label=_("Register corrections made"),
        unit="count",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_corrections,
        description=_("Corrections of core facts applied in the month."),
        by_village=_corrections_by_village,
        records=applied_corrections,
    ),
    Indicator(
        code="households.reconciliation_backlog",
        label=_("Reconciliation backlog"),
        unit="count",
        direction=Direction.LOWER_IS_BETTER,
        compute=_backlog,
        description=_(
            "Hospital and police differences still open at the end of the month."
        ),
        by_village=_backlog_by_village,
        records=reconciliation_backlog,
    ),
    Indicator(
        code="households.quality_findings",
        label=_("Data-quality findings per household"),
        unit="ratio",
        direction=Direction.LOWER_IS_BETTER,
        compute=_findings,
        description=_(
            "Open findings of the nightly checks on the month's last day, divided by "
            "the township's households."
        ),
        by_village=_findings_by_village,
        records=open_findings,
    ),
]
