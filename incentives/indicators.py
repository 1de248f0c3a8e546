"""Benefit figures for directive scoring: reviews on time, payouts completed, failures fixed,
payments to deceased or duplicate persons. Each is computed per township for one month
from this app's own tables, broken down per village, and opened to its rows.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.indicators import Direction, Indicator, Measure, Period
from incentives.models import PayoutLine, ReviewStep
from incentives.models.payouts import LIVE_LINE, LineStatus
from incentives.periods import period_start

FIX_WITHIN_DAYS = 30


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _in(period: Period, field: str) -> Q:
    return Q(
        **{f"{field}__gte": _moment(period.start), f"{field}__lt": _moment(period.end)}
    )


def _ratio(rows: QuerySet, *, key: str, good: Q) -> dict[str, Measure]:
    counted = (
        rows.order_by()
        .values(key)
        .annotate(total=Count("pk"), good=Count("pk", filter=good))
        .values_list(key, "good", "total")
    )
    return {code: Measure(n, d) for code, n, d in counted if code is not None}


def _by_township(fn):
    def compute(townships: Iterable[str], period: Period) -> dict[str, Measure]:
        return fn(
            period, Q(**{f"{fn.township_key}__in": list(townships)}), fn.township_key
        )

    return compute


def _by_village(fn):
    def compute(township: str, period: Period) -> dict[str, Measure]:
        return fn(period, Q(**{fn.township_key: township}), fn.village_key)

    return compute


# Review levels done within their working-day time limit.


def review_steps(township: str, period: Period, village: str | None = None):
    """Approvals of the township's applications recorded in the month."""
    rows = ReviewStep.objects.filter(
        _in(period, "at"),
        action=ReviewStep.Action.APPROVE,
        application__village__township_id=township,
    )
    if village:
        rows = rows.filter(application__village_id=village)
    return rows.select_related("application__person", "by").order_by("pk")


def _reviews(period: Period, where: Q, key: str) -> dict[str, Measure]:
    rows = ReviewStep.objects.filter(
        _in(period, "at"), where, action=ReviewStep.Action.APPROVE
    )
    on_time = Q(due_on__isnull=True) | Q(at__date__lte=F("due_on"))
    return _ratio(rows, key=key, good=on_time)


_reviews.township_key = "application__village__township_id"
_reviews.village_key = "application__village_id"


# Lines sent to the bank in the month that were paid.


def sent_lines(township: str, period: Period, village: str | None = None):
    rows = PayoutLine.objects.filter(
        _in(period, "batch__bank_file__created_at"), village__township_id=township
    )
    if village:
        rows = rows.filter(village_id=village)
    return rows.select_related("batch", "village").order_by("pk")


def _paid(period: Period, where: Q, key: str) -> dict[str, Measure]:
    rows = PayoutLine.objects.filter(_in(period, "batch__bank_file__created_at"), where)
    return _ratio(rows, key=key, good=Q(status=LineStatus.PAID))


_paid.township_key = "village__township_id"
_paid.village_key = "village_id"


# Failed lines of batches reconciled in the month, paid again within FIX_WITHIN_DAYS.


def failed_lines(township: str, period: Period, village: str | None = None):
    rows = PayoutLine.objects.filter(
        _in(period, "batch__reconciled_at"),
        status=LineStatus.FAILED,
        village__township_id=township,
    )
    if village:
        rows = rows.filter(village_id=village)
    return rows.select_related("batch", "reissued_as__batch").order_by("pk")


def _fixed(period: Period, where: Q, key: str) -> dict[str, Measure]:
    rows = PayoutLine.objects.filter(
        _in(period, "batch__reconciled_at"), where, status=LineStatus.FAILED
    )
    counts: dict[str, list[int]] = {}
    for code, reconciled, fixed_status, fixed_at in rows.values_list(
        key,
        "batch__reconciled_at",
        "reissued_as__status",
        "reissued_as__batch__reconciled_at",
    ):
        entry = counts.setdefault(code, [0, 0])
        entry[1] += 1
        if (
            fixed_status == LineStatus.PAID
            and fixed_at is not None
            and fixed_at - reconciled <= timedelta(days=FIX_WITHIN_DAYS)
        ):
            entry[0] += 1
    return {code: Measure(n, d) for code, (n, d) in counts.items()}


_fixed.township_key = "village__township_id"
_fixed.village_key = "village_id"


# Payments sent in the month to a person who died before the period, or twice.


def improper_lines(township: str, period: Period, village: str | None = None) -> list:
    rows = sent_lines(township, period, village).filter(status__in=LIVE_LINE)
    return [line for line in rows.select_related("person") if _improper(line)]


def _improper(line) -> bool:
    died = line.person.died_on
    if died is not None and died < period_start(line.period):
        return True
    return (
        PayoutLine.objects.filter(
            person_id=line.person_id,
            scheme_id=line.scheme_id,
            period=line.period,
            status__in=LIVE_LINE,
        )
        .exclude(pk=line.pk)
        .exists()
    )


def _improper_by_township(
    townships: Iterable[str], period: Period
) -> dict[str, Measure]:
    counts: dict[str, Measure] = {}
    for code in townships:
        n = len(improper_lines(code, period))
        if n:
            counts[code] = Measure(n)
    return counts


def _improper_by_village(township: str, period: Period) -> dict[str, Measure]:
    counts: dict[str, int] = {}
    for line in improper_lines(township, period):
        counts[line.village_id] = counts.get(line.village_id, 0) + 1
    return {code: Measure(n) for code, n in counts.items()}


INDICATORS = [
    Indicator(
        code="incentives.reviews_on_time",
        label=_("Benefit reviews done on time"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_by_township(_reviews),
        by_village=_by_village(_reviews),
        records=review_steps,
        description=_("Review levels approved within their working-day time limit."),
    ),
    Indicator(
        code="incentives.payouts_completed",
        label=_("Benefit payments completed"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_by_township(_paid),
        by_village=_by_village(_paid),
        records=sent_lines,
        description=_("Lines sent to the bank in the month that the bank paid."),
    ),
    Indicator(
        code="incentives.failures_fixed",
        label=_("Failed benefit payments fixed in time"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_by_township(_fixed),
        by_village=_by_village(_fixed),
        records=failed_lines,
        description=_("Failed lines reissued and paid within 30 days."),
    ),
    Indicator(
        code="incentives.improper_payments",
        label=_("Payments to deceased or duplicate persons"),
        unit="count",
        direction=Direction.LOWER_IS_BETTER,
        compute=_improper_by_township,
        by_village=_improper_by_village,
        records=improper_lines,
        description=_(
            "Should stay at zero: a death before the period, or a second payment."
        ),
    ),
]
