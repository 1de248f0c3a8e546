"""Scoring rules as plain functions: one item's points, and a township's total.

Nothing here reads the database, so every rule can be checked against a hand-computed
example. Points are rounded half-up to two decimals at the item and at the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from bureau.indicators import Direction, Measure

CENT = Decimal("0.01")
ZERO = Decimal(0)
THRESHOLD, BANDED, PER_INCIDENT, TASK = "threshold", "banded", "per_incident", "task"


def _round(points: Decimal) -> Decimal:
    return points.quantize(CENT, rounding=ROUND_HALF_UP)


def _cap(points: Decimal, weight: Decimal) -> Decimal:
    """Points are never below zero nor above the item's maximum."""
    return _round(min(max(points, ZERO), weight))


@dataclass(frozen=True)
class Rule:
    """How one directive item turns a figure into points (its weight is the maximum)."""

    kind: str
    weight: Decimal
    direction: Direction = Direction.HIGHER_IS_BETTER
    target: Decimal | None = None
    step: Decimal | None = None
    deduction: Decimal | None = None
    bands: Sequence[tuple[Decimal, Decimal]] = field(default_factory=tuple)

    def points(self, value: Decimal) -> Decimal:
        """The item's points for `value`, capped to [0, weight]."""
        if self.kind == THRESHOLD:
            return _cap(self.weight - self._threshold_deduction(value), self.weight)
        if self.kind == BANDED:
            return _cap(self._band(value), self.weight)
        if self.kind == PER_INCIDENT:
            return _cap(self.weight - value * (self.deduction or ZERO), self.weight)
        if self.kind == TASK:
            return _cap(self.weight if value >= 1 else ZERO, self.weight)
        raise ValueError(f"unknown scoring rule {self.kind!r}")

    def _threshold_deduction(self, value: Decimal) -> Decimal:
        # "Deduct 0.3 points for every 0.1 below target": linear in the shortfall.
        target = self.target if self.target is not None else ZERO
        if self.direction == Direction.HIGHER_IS_BETTER:
            shortfall = max(target - value, ZERO)
        else:
            shortfall = max(value - target, ZERO)
        step = self.step or Decimal(1)
        return shortfall / step * (self.deduction or ZERO)

    def _band(self, value: Decimal) -> Decimal:
        # Higher is better: the best band whose lower bound the value reaches.
        # Lower is better: the best band whose upper bound the value stays within.
        if self.direction == Direction.HIGHER_IS_BETTER:
            ordered = sorted(self.bands, key=lambda band: band[0], reverse=True)
            reached = [points for bound, points in ordered if value >= bound]
        else:
            ordered = sorted(self.bands, key=lambda band: band[0])
            reached = [points for bound, points in ordered if value <= bound]
        return Decimal(reached[0]) if reached else ZERO


@dataclass(frozen=True)
class ItemResult:
    value: Decimal | None
    points: Decimal | None
    left_out: bool


def score_item(
    rule: Rule, measure: Measure | None, *, small_denominator: int
) -> ItemResult:
    """Score one township's figure. A rate over fewer than `small_denominator` cases (or
    over none) is left out; a township missing from an indicator's figures counts zero."""
    measure = measure or Measure(0)
    if measure.denominator is not None and (
        not measure.denominator or measure.denominator < small_denominator
    ):
        return ItemResult(value=measure.value, points=None, left_out=True)
    value = measure.value if measure.value is not None else ZERO
    return ItemResult(value=value, points=rule.points(value), left_out=False)


@dataclass(frozen=True)
class Total:
    points: Decimal  # points earned on the items scored
    weight_in_play: Decimal  # the weight of the items scored
    weight_total: Decimal  # the weight of every item
    total: (
        Decimal | None
    )  # points re-weighted to the full weight; None if nothing scored

    @property
    def reweighted(self) -> bool:
        return self.weight_in_play != self.weight_total


def combine(items: Iterable[tuple[Decimal, Decimal | None]]) -> Total:
    """A township's total from (weight, points or None when left out) per item.

    Left-out items are re-weighted away: total = earned × all weights ÷ weights scored.
    """
    earned = in_play = everything = ZERO
    for weight, points in items:
        everything += weight
        if points is not None:
            earned += points
            in_play += weight
    total = _round(earned * everything / in_play) if in_play else None
    return Total(
        points=_round(earned),
        weight_in_play=in_play,
        weight_total=everything,
        total=total,
    )


def rank(totals: dict[str, Decimal | None]) -> dict[str, int | None]:
    """Competition ranks (1, 2, 2, 4) by total, highest first; no total, no rank."""
    scored = sorted(
        ((total, code) for code, total in totals.items() if total is not None),
        key=lambda pair: (-pair[0], pair[1]),
    )
    ranks: dict[str, int | None] = dict.fromkeys(totals)
    previous: Decimal | None = None
    position = 0
    for index, (total, code) in enumerate(scored, start=1):
        if total != previous:
            position, previous = index, total
        ranks[code] = position
    return ranks
