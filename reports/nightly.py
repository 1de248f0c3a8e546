"""The nightly ranking: score every township of a month, then rank and switch atomically.

A run is started under a PostgreSQL advisory lock (one run per directive at a time), each
township is scored by its own task (so several workers share a large run), and the last
township to finish triggers `finish_run`, which ranks and makes the run current in one
transaction. Until then the previous run stays current, so a crash, a kill or a failed
township task at any point leaves the last complete ranking in place. Reruns and retried
tasks rewrite the same rows: every step is safe to run twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bureau.indicators import Indicator, Measure, Period, all_indicators
from reports.models import (
    Directive,
    DirectiveItem,
    ItemScore,
    LedgerEntry,
    RankingRun,
    TownshipScore,
    VillageFigure,
)
from reports.scoring import Rule, combine, rank, score_item

# pg_advisory_xact_lock key for ranking runs ("rank" in ASCII).
LOCK_KEY = 0x72616E6B
Dispatch = Callable[[int, list[str]], None]


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def period_of(directive: Directive) -> Period:
    return Period.month(directive.month.year, directive.month.month)


def rule_for(item: DirectiveItem, indicator: Indicator | None) -> Rule:
    """The pure scoring rule of a directive item."""
    bands = tuple((Decimal(str(b)), Decimal(str(p))) for b, p in item.bands or ())
    return Rule(
        kind=item.rule,
        weight=item.weight,
        direction=indicator.direction if indicator else Rule.direction,
        target=item.target,
        step=item.step,
        deduction=item.deduction,
        bands=bands,
    )


def _measure(
    item: DirectiveItem,
    indicator: Indicator | None,
    township: str,
    period: Period,
    ledger: dict[tuple[int, str], LedgerEntry],
) -> Measure:
    if item.kind == DirectiveItem.Kind.TASK:
        entry = ledger.get((item.pk, township))
        return Measure(1 if entry is not None and entry.done_on_time else 0)
    if indicator is None:
        raise ValueError(f"indicator {item.indicator_code!r} is not installed")
    return indicator.compute([township], period).get(township) or Measure(0)


def compute_township(run: RankingRun, township: str) -> None:
    """Write one township's item scores and unranked total for `run` (replacing any)."""
    directive = run.directive
    period = period_of(directive)
    indicators = all_indicators()
    items = list(directive.items.order_by("position", "pk"))
    ledger = {
        (entry.item_id, entry.township_id): entry
        for entry in LedgerEntry.objects.filter(
            item__directive=directive, township_id=township
        )
    }
    scores, breakdowns = [], []
    for item in items:
        indicator = indicators.get(item.indicator_code) if item.indicator_code else None
        measure = _measure(item, indicator, township, period, ledger)
        result = score_item(
            rule_for(item, indicator),
            measure,
            small_denominator=directive.small_denominator,
        )
        scores.append(
            ItemScore(
                run=run,
                township_id=township,
                item=item,
                numerator=Decimal(measure.numerator),
                denominator=None
                if measure.denominator is None
                else Decimal(measure.denominator),
                value=result.value,
                points=result.points,
                left_out=result.left_out,
            )
        )
        breakdowns.append(
            indicator.by_village(township, period)
            if indicator is not None and indicator.by_village is not None
            else {}
        )
    total = combine((score.item.weight, score.points) for score in scores)
    with transaction.atomic():
        ItemScore.objects.filter(run=run, township_id=township).delete()
        ItemScore.objects.bulk_create(scores)
        VillageFigure.objects.bulk_create(
            VillageFigure(
                score=score,
                village_id=village or None,
                numerator=Decimal(figure.numerator),
                denominator=None
                if figure.denominator is None
                else Decimal(figure.denominator),
            )
            for score, villages in zip(scores, breakdowns, strict=True)
            for village, figure in sorted(villages.items())
        )
        TownshipScore.objects.update_or_create(
            run=run,
            township_id=township,
            defaults={
                "points": total.points,
                "weight_in_play": total.weight_in_play,
                "weight_total": total.weight_total,
                "total": total.total,
                "rank": None,
            },
        )


def start_run(*, directive: Directive, today: datetime.date | None = None):
    """Open a new run of `directive` and return it with the townships to score.

    Returns (None, []) while another run of it is still within its lease (the task time
    limit); a run older than that was killed and is marked failed.
    """
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    with transaction.atomic():
        _lock()
        running = directive.runs.filter(status=RankingRun.Status.RUNNING)
        running.filter(started_at__lt=now - lease).update(
            status=RankingRun.Status.FAILED, finished_at=now
        )
        if running.filter(started_at__gte=now - lease).exists():
            return None, []
        townships = list(
            directive.receipts.order_by("township_id").values_list(
                "township_id", flat=True
            )
        )
        run = RankingRun.objects.create(
            directive=directive,
            township_count=len(townships),
            as_of=today or timezone.localdate(),
        )
    return run, townships


def score_township(*, run_id: int, township: str) -> bool:
    """Score one township of a running run; True when it was the last one to finish."""
    run = RankingRun.objects.select_related("directive").get(pk=run_id)
    if run.status != RankingRun.Status.RUNNING:
        return False
    with transaction.atomic():
        compute_township(run, township)
        # Lock the run row last: the township that commits last sees every other total.
        locked = RankingRun.objects.select_for_update().get(pk=run_id)
        done = locked.totals.count() >= locked.township_count
    return done and locked.status == RankingRun.Status.RUNNING


def finish_run(*, run_id: int) -> bool:
    """Rank a fully scored run and make it current, in one transaction; safe to repeat."""
    with transaction.atomic():
        _lock()
        run = RankingRun.objects.select_for_update().get(pk=run_id)
        if run.status != RankingRun.Status.RUNNING:
            return False
        totals = list(run.totals.all())
        if len(totals) < run.township_count:
            return False
        ranks = rank({score.township_id: score.total for score in totals})
        for score in totals:
            score.rank = ranks[score.township_id]
        TownshipScore.objects.bulk_update(totals, ["rank"])
        RankingRun.objects.filter(
            directive_id=run.directive_id, is_current=True
        ).update(is_current=False)
        run.status = RankingRun.Status.COMPLETE
        run.is_current = True
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "is_current", "finished_at"])
    return True


def run_directive(
    *, directive: Directive, today: datetime.date | None = None, dispatch: Dispatch
) -> RankingRun | None:
    """Start a run of `directive` and hand its townships to `dispatch` (tasks or inline)."""
    run, townships = start_run(directive=directive, today=today)
    if run is None:
        return None
    if not townships:
        finish_run(run_id=run.pk)
    else:
        dispatch(run.pk, townships)
    return run


def score_inline(run_id: int, townships: list[str]) -> None:
    """Score and finish a run in this process (revisions, tests, the demo)."""
    for township in townships:
        score_township(run_id=run_id, township=township)
    finish_run(run_id=run_id)


def months_to_score() -> list[Directive]:
    """Issued months not yet published: the nightly job recomputes them as provisional."""
    return list(
        Directive.objects.filter(status=Directive.Status.ISSUED).order_by("month")
    )
