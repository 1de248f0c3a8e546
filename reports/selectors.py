"""Reading directives and rankings, scoped: township staff see their own townships' rows.

Pages read the summary tables the nightly job writes (township totals, item scores and
village figures); nothing here aggregates the register per request, except the records
behind one figure, which are read for one township (and village) at a time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from bureau.indicators import all_indicators
from bureau.scoping import townships_for, within_townships
from reports.models import (
    Directive,
    DirectiveItem,
    ItemScore,
    LedgerEntry,
    MonthlyFigure,
    Publication,
    RankingRun,
    Receipt,
    TownshipScore,
    VillageFigure,
    YellowCard,
)
from reports.nightly import period_of


def visible_directives(user) -> QuerySet[Directive]:
    """Issued and published months for everyone; drafts only for those who write them."""
    directives = Directive.objects.all()
    if not user.has_perm("reports.add_directive"):
        directives = directives.exclude(status=Directive.Status.DRAFT)
    return directives


def visible_receipts(user) -> QuerySet[Receipt]:
    """Sign-off records of the user's townships."""
    return within_townships(
        Receipt.objects.select_related("township", "directive", "signed_by"),
        user,
        via="township",
    )


def visible_ledger_entries(user) -> QuerySet[LedgerEntry]:
    """Manual tasks (挂账) owed by the user's townships."""
    return within_townships(
        LedgerEntry.objects.select_related("item__directive", "township", "closed_by"),
        user,
        via="township",
    )


def visible_yellow_cards(user) -> QuerySet[YellowCard]:
    """Yellow-card proposals and decisions of the user's townships."""
    return within_townships(
        YellowCard.objects.select_related("directive", "township", "decided_by"),
        user,
        via="township",
    )


def visible_township_scores(user) -> QuerySet[TownshipScore]:
    """Township totals and ranks of the user's townships, in every run."""
    return within_townships(
        TownshipScore.objects.select_related("township", "run__directive"),
        user,
        via="township",
    )


def visible_item_scores(user) -> QuerySet[ItemScore]:
    """Item scores of the user's townships, in every run."""
    return within_townships(
        ItemScore.objects.select_related("township", "item", "run__directive"),
        user,
        via="township",
    )


def displayed_run(directive: Directive | None) -> RankingRun | None:
    """The ranking a month shows: its latest published version, else the provisional one."""
    if directive is None:
        return None
    publication = (
        Publication.objects.filter(directive=directive)
        .order_by("-version")
        .select_related("run")
        .first()
    )
    if publication is not None:
        return publication.run
    return directive.runs.filter(is_current=True).first()


def displayed_runs() -> list[RankingRun]:
    """The ranking each issued month shows (see displayed_run); months without one are left out."""
    runs = (
        displayed_run(directive)
        for directive in Directive.objects.exclude(status=Directive.Status.DRAFT)
    )
    return [run for run in runs if run is not None]


def previous_directive(directive: Directive) -> Directive | None:
    return (
        Directive.objects.filter(month__lt=directive.month)
        .exclude(status=Directive.Status.DRAFT)
        .order_by("-month")
        .first()
    )


@dataclass
class RankingRow:
    score: TownshipScore
    previous_rank: int | None
    items: list[ItemScore]

    @property
    def trend(self) -> str:
        """ "up", "down", "same" or "" (no rank last month), comparing ranks."""
        if self.previous_rank is None or self.score.rank is None:
            return ""
        if self.score.rank < self.previous_rank:
            return "up"
        return "down" if self.score.rank > self.previous_rank else "same"


def ranking_rows(user, run: RankingRun) -> list[RankingRow]:
    """The run's ranking for the townships `user` sees, with last month's rank and items."""
    scores = list(
        visible_township_scores(user).filter(run=run).order_by("rank", "township_id")
    )
    before = previous_directive(run.directive)
    before_run = displayed_run(before) if before else None
    previous = (
        dict(before_run.totals.values_list("township_id", "rank")) if before_run else {}
    )
    items: dict[str, list[ItemScore]] = {}
    for item in (
        visible_item_scores(user)
        .filter(run=run)
        .order_by("township_id", "item__position", "item_id")
    ):
        items.setdefault(item.township_id, []).append(item)
    rows = [
        RankingRow(
            score, previous.get(score.township_id), items.get(score.township_id, [])
        )
        for score in scores
    ]
    rows.sort(
        key=lambda row: (
            row.score.rank is None,
            row.score.rank or 0,
            row.score.township_id,
        )
    )
    return rows


def score_history(user, *, months: int = 12) -> tuple[list[str], dict[str, list]]:
    """Totals per township over the last `months` months (published or provisional).

    Returns the month labels, oldest first, and {township name: [total or None, ...]}.
    """
    directives = list(
        visible_directives(user)
        .exclude(status=Directive.Status.DRAFT)
        .order_by("-month")[:months]
    )[::-1]
    labels = [f"{directive.month:%Y-%m}" for directive in directives]
    runs = [displayed_run(directive) for directive in directives]
    series: dict[str, list] = {}
    scores = visible_township_scores(user).filter(
        run__in=[run for run in runs if run is not None]
    )
    by_run: dict[int, dict[str, Decimal | None]] = {}
    names: dict[str, str] = {}
    for score in scores:
        by_run.setdefault(score.run_id, {})[score.township_id] = score.total
        names[score.township_id] = score.township.name
    for code in sorted(names):
        series[names[code]] = [
            by_run.get(run.pk, {}).get(code) if run is not None else None
            for run in runs
        ]
    return labels, series


def village_figures(score: ItemScore) -> QuerySet[VillageFigure]:
    """The stored per-village figures of one item score; they add up to the score's."""
    return score.villages.select_related("village").order_by("village_id")


def records_behind(score: ItemScore, *, village: str | None = None):
    """The register rows the figure counts (as the register holds them now), or None when
    the item is a manual task or its indicator offers no rows."""
    item: DirectiveItem = score.item
    indicator = (
        all_indicators().get(item.indicator_code) if item.indicator_code else None
    )
    if indicator is None or indicator.records is None:
        return None
    return indicator.records(score.township_id, period_of(score.run.directive), village)


def may_see_township(user, code: str) -> bool:
    return townships_for(user).filter(code=code).exists()


def visible_monthly_figures(user) -> QuerySet[MonthlyFigure]:
    """Statistics rows of the user's townships."""
    return within_townships(
        MonthlyFigure.objects.select_related("township"), user, via="township"
    )


@dataclass
class Tile:
    code: str
    label: str
    unit: str
    value: Decimal | None
    numerator: Decimal
    denominator: Decimal | None


def statistics_tiles(user, *, month) -> list[Tile]:
    """One tile per indicator: the month's figure over the townships `user` sees
    (numerators and denominators added up), read from the statistics table."""
    indicators = all_indicators()
    sums: dict[str, list] = {}
    for figure in visible_monthly_figures(user).filter(month=month):
        total = sums.setdefault(figure.indicator, [Decimal(0), None])
        total[0] += figure.numerator
        if figure.denominator is not None:
            total[1] = (total[1] or Decimal(0)) + figure.denominator
    tiles = []
    for code, (numerator, denominator) in sums.items():
        indicator = indicators.get(code)
        if indicator is None:
            continue
        if denominator is None:
            value = numerator
        else:
            value = numerator / denominator if denominator else None
        tiles.append(
            Tile(
                code,
                str(indicator.label),
                indicator.unit,
                value,
                numerator,
                denominator,
            )
        )
    order = list(indicators)
    return sorted(tiles, key=lambda tile: order.index(tile.code))


def statistics_table(user, *, month, township: str = "") -> tuple[list, list]:
    """(indicators, rows) for the month: a row per township with its figure per indicator."""
    indicators = all_indicators()
    figures = visible_monthly_figures(user).filter(month=month)
    if township:
        figures = figures.filter(township_id=township)
    present = set(figures.values_list("indicator", flat=True))
    codes = [code for code in indicators if code in present]
    by_township: dict[str, dict] = {}
    names: dict[str, str] = {}
    for figure in figures:
        by_township.setdefault(figure.township_id, {})[figure.indicator] = figure
        names[figure.township_id] = figure.township.name
    rows = [
        (code, names[code], [by_township[code].get(indicator) for indicator in codes])
        for code in sorted(by_township)
    ]
    return [indicators[code] for code in codes], rows


def formal_talk_due(cards) -> set[int]:
    """Ids of issued cards that are a township's second within six months: the chief
    then decides on a formal talk (约谈) with its leadership."""
    issued = [card for card in cards if card.status == YellowCard.Status.ISSUED]
    months = {
        card.township_id: sorted(
            YellowCard.objects.filter(
                township_id=card.township_id, status=YellowCard.Status.ISSUED
            ).values_list("directive__month", flat=True)
        )
        for card in issued
    }
    due = set()
    for card in issued:
        month = card.directive.month
        back = month.year * 12 + month.month - 1 - 6  # six months earlier
        window = datetime.date(back // 12, back % 12 + 1, 1)
        if sum(1 for m in months[card.township_id] if window < m <= month) >= 2:
            due.add(card.pk)
    return due
