"""The nightly ranking: hand-computed totals, re-weighting, determinism, atomic switch."""

import io
from decimal import Decimal as D

import pytest

from reports import nightly, services
from reports.models import ItemScore, LedgerEntry, RankingRun, TownshipScore
from reports.tasks import nightly_ranking_task
from tests.bureau import attachment_files
from tests.reports.conftest import applied_corrections, run_now


def _totals(run):
    return {
        score.township_id: (score.total, score.rank)
        for score in TownshipScore.objects.filter(run=run)
    }


def _close_task(staff, township):
    entry = LedgerEntry.objects.get(township=township)
    services.close_ledger_entry(
        by=staff,
        entry=entry,
        evidence="会议纪要",
        file=io.BytesIO(attachment_files.PDF),
        filename="纪要.pdf",
    )


def test_the_nightly_run_scores_ranks_and_reweights_small_denominators(
    issued, staff, village, other_village
):
    _close_task(staff, village.township)

    run = run_now(issued)

    mine, theirs = village.township_id, other_village.township_id
    # Corrections: 3 meets the target of 3 (10); 1 is 2 short at 2 points each (6).
    # Findings per household: 1 household each, fewer than 20, so left out (20 of 35).
    # Task: closed on time (5) or not (0). Totals re-weighted: x 35/15.
    assert run.status == RankingRun.Status.COMPLETE
    assert run.is_current
    assert _totals(run) == {mine: (D("35.00"), 1), theirs: (D("14.00"), 2)}
    left_out = ItemScore.objects.filter(run=run, left_out=True)
    assert {score.item.indicator_code for score in left_out} == {
        "households.quality_findings"
    }
    assert all(score.reweighted for score in run.totals.all())


def test_the_same_data_gives_the_same_ranking(issued, village):
    first, second = run_now(issued), run_now(issued)

    def scores(run):
        return sorted(
            ItemScore.objects.filter(run=run).values_list(
                "township_id", "item_id", "numerator", "points", "left_out"
            )
        )

    assert scores(first) == scores(second)
    assert _totals(first) == _totals(second)
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)


def test_a_township_that_fails_leaves_the_previous_ranking_current(
    issued, other_village, monkeypatch
):
    before = run_now(issued)
    applied_corrections(other_village, 2)
    real = nightly.compute_township

    def fail_for_theirs(run, township):
        if township == other_village.township_id:
            raise RuntimeError("worker lost")
        real(run, township)

    monkeypatch.setattr(nightly, "compute_township", fail_for_theirs)
    with pytest.raises(RuntimeError):
        run_now(issued)

    current = RankingRun.objects.get(directive=issued, is_current=True)
    assert current == before
    assert RankingRun.objects.filter(status=RankingRun.Status.RUNNING).count() == 1


def test_a_crash_while_ranking_rolls_the_switch_back(issued, monkeypatch):
    before = run_now(issued)

    def crash(totals):
        raise RuntimeError("killed")

    monkeypatch.setattr(nightly, "rank", crash)
    with pytest.raises(RuntimeError):
        run_now(issued)

    assert RankingRun.objects.get(directive=issued, is_current=True) == before
    assert TownshipScore.objects.filter(run=before, rank__isnull=False).count() == 2


def test_only_one_run_at_a_time_and_a_killed_run_expires(issued, settings):
    run, townships = nightly.start_run(directive=issued)

    assert nightly.start_run(directive=issued) == (None, [])
    settings.CELERY_TASK_TIME_LIMIT = 0
    fresh, _ = nightly.start_run(directive=issued)
    run.refresh_from_db()
    assert run.status == RankingRun.Status.FAILED
    assert fresh is not None
    assert len(townships) == 2


def test_finishing_twice_changes_nothing(issued):
    run = run_now(issued)

    assert nightly.finish_run(run_id=run.pk) is False
    assert (
        nightly.score_township(run_id=run.pk, township=run.totals.first().township_id)
        is False
    )


def test_the_nightly_task_fans_out_and_switches(
    issued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_ids = nightly_ranking_task()

    run = RankingRun.objects.get(pk=run_ids[0])
    assert run.is_current
    assert run.totals.filter(rank__isnull=False).count() == 2


def test_village_figures_add_up_to_the_score(issued, village):
    applied_corrections(village, 2)  # a second household in the same village

    run = run_now(issued)

    for score in ItemScore.objects.filter(
        run=run, item__indicator_code__startswith="h"
    ):
        figures = list(score.villages.all())
        assert sum(f.numerator for f in figures) == score.numerator
        if score.denominator is not None:
            assert sum(f.denominator for f in figures) == score.denominator
