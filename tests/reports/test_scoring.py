"""Scoring rules against hand-computed examples."""

from decimal import Decimal as D

import pytest

from bureau.indicators import Direction, Measure
from reports.scoring import Rule, combine, rank, score_item

LOWER = Direction.LOWER_IS_BETTER


def test_threshold_deducts_linearly_for_each_step_below_target():
    # 0.3 points off for every 0.1 percentage point below 95%: 94.5% is 5 steps short.
    rule = Rule(
        "threshold", D(20), target=D("0.95"), step=D("0.001"), deduction=D("0.3")
    )

    assert rule.points(D("0.96")) == D("20.00")
    assert rule.points(D("0.945")) == D("18.50")
    assert rule.points(D("0.9437")) == D("18.11")  # 3.9 steps x 0.3 = 1.17 off
    assert rule.points(D("0.10")) == D("0.00")  # never below zero


def test_threshold_on_a_figure_where_lower_is_better_deducts_for_the_excess():
    rule = Rule("threshold", D(10), direction=LOWER, target=D(5), deduction=D(2))

    assert rule.points(D(3)) == D("10.00")
    assert rule.points(D(7)) == D("6.00")


def test_banded_gives_the_points_of_the_best_band_reached():
    bands = [(D("0.9"), D(15)), (D("0.8"), D(10)), (D("0.6"), D(5))]
    rule = Rule("banded", D(15), bands=bands)

    assert [rule.points(D(v)) for v in ("0.95", "0.9", "0.85", "0.6", "0.5")] == [
        D(15),
        D(15),
        D(10),
        D(5),
        D(0),
    ]


def test_banded_for_lower_is_better_and_capped_at_the_items_maximum():
    rule = Rule("banded", D(8), direction=LOWER, bands=[(D(0), D(12)), (D(3), D(4))])

    assert rule.points(D(0)) == D("8.00")  # 12 in the band, capped at the weight 8
    assert rule.points(D(2)) == D("4.00")
    assert rule.points(D(4)) == D("0.00")


def test_per_incident_deducts_for_each_incident_down_to_zero():
    rule = Rule("per_incident", D(10), direction=LOWER, deduction=D(2))

    assert rule.points(D(0)) == D("10.00")
    assert rule.points(D(3)) == D("4.00")
    assert rule.points(D(9)) == D("0.00")


def test_a_task_scores_full_weight_only_when_done_on_time():
    rule = Rule("task", D(5))

    assert (rule.points(D(1)), rule.points(D(0))) == (D("5.00"), D("0.00"))


def test_a_rate_over_too_few_cases_is_left_out_and_a_missing_count_is_zero():
    rule = Rule("threshold", D(20), target=D("0.9"), step=D("0.01"), deduction=D(1))

    small = score_item(rule, Measure(9, 10), small_denominator=20)
    enough = score_item(rule, Measure(17, 20), small_denominator=20)
    none = score_item(rule, Measure(0, 0), small_denominator=20)
    count = score_item(
        Rule("per_incident", D(10), deduction=D(1)), None, small_denominator=20
    )

    assert (small.left_out, small.points) == (True, None)
    assert (enough.left_out, enough.points) == (False, D("15.00"))  # 5 steps short
    assert none.left_out
    assert (count.value, count.points) == (D(0), D("10.00"))


def test_a_left_out_item_is_reweighted_into_the_total():
    # Weights 20 + 10 + 10 = 40; the 10-point item is left out; 24 of 30 earned -> 32 of 40.
    total = combine([(D(20), D(18)), (D(10), None), (D(10), D(6))])

    assert total.points == D("24.00")
    assert (total.weight_in_play, total.weight_total) == (D(30), D(40))
    assert total.total == D("32.00")
    assert total.reweighted


def test_a_township_with_nothing_scored_has_no_total():
    assert combine([(D(10), None)]).total is None


def test_ranks_are_shared_on_a_tie_and_ordered_by_total():
    ranks = rank({"b": D(80), "a": D(90), "c": D(80), "d": D(70), "e": None})

    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}


@pytest.mark.parametrize("kind", ["nonsense"])
def test_an_unknown_rule_is_refused(kind):
    with pytest.raises(ValueError, match="nonsense"):
        Rule(kind, D(1)).points(D(1))
