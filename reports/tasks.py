"""Celery tasks of the reports app: the nightly ranking, fanned out per township."""

from celery import group, shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from reports import nightly, services, statistics

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 3}


def dispatch_townships(run_id: int, townships: list[str]) -> None:
    """One task per township; the last to finish queues the combining step."""
    transaction.on_commit(
        lambda: group(
            score_township_task.si(run_id, code) for code in townships
        ).apply_async()
    )


@shared_task(**RETRY)
def nightly_ranking_task() -> list[int]:
    """Recompute every issued, unpublished month as provisional; returns the new run ids."""
    today = timezone.localdate()
    runs = []
    for directive in nightly.months_to_score():
        run = nightly.run_directive(
            directive=directive, today=today, dispatch=dispatch_townships
        )
        if run is not None:
            runs.append(run.pk)
    services.remind_unsigned_receipts(today=today)
    refresh_statistics_task.delay()
    return runs


@shared_task(**RETRY)
def refresh_statistics_task() -> int:
    """Recompute this month's and last month's statistics tables; safe to rerun."""
    today = timezone.localdate()
    return sum(
        statistics.refresh_month(period=period)
        for period in statistics.months_to_refresh(today)
    )


@shared_task(**RETRY)
def score_township_task(run_id: int, township: str) -> bool:
    """Score one township of a run; safe to retry (its rows are rewritten)."""
    last = nightly.score_township(run_id=run_id, township=township)
    if last:
        finish_run_task.delay(run_id)
    return last


@shared_task(**RETRY)
def finish_run_task(run_id: int) -> bool:
    """Rank the run and make it current; a second call does nothing."""
    return nightly.finish_run(run_id=run_id)
