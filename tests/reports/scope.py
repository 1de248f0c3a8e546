"""Reports rows for the scope probe (see tests/scope.py)."""

from django.utils import timezone

from reports.models import (
    DirectiveItem,
    ItemScore,
    LedgerEntry,
    RankingRun,
    Receipt,
    TownshipScore,
    YellowCard,
)
from tests.reports.factories import DirectiveFactory, DirectiveItemFactory
from tests.scope import scope_factory


def _task():
    item = DirectiveItem.objects.filter(kind=DirectiveItem.Kind.TASK).first()
    return item or DirectiveItemFactory.create(directive=DirectiveFactory.create())


@scope_factory("reports.Receipt")
def receipt(*, village, user):
    return Receipt.objects.create(
        directive=_task().directive, township=village.township
    )


@scope_factory("reports.LedgerEntry")
def ledger_entry(*, village, user):
    return LedgerEntry.objects.create(
        item=_task(), township=village.township, due_on=timezone.localdate()
    )


@scope_factory("reports.ItemScore")
def item_score(*, village, user):
    item = DirectiveItemFactory.create(
        directive=_task().directive,
        kind=DirectiveItem.Kind.INDICATOR,
        indicator_code="households.corrections_applied",
        rule=DirectiveItem.Rule.PER_INCIDENT,
        deduction=1,
    )
    run = RankingRun.objects.create(
        directive=item.directive, as_of=timezone.localdate()
    )
    return ItemScore.objects.create(
        run=run, township=village.township, item=item, numerator=1, points=5
    )


@scope_factory("reports.YellowCard")
def yellow_card(*, village, user):
    return YellowCard.objects.create(
        directive=_task().directive,
        township=village.township,
        reason=YellowCard.Reason.BELOW_THRESHOLD,
    )


@scope_factory("reports.TownshipScore")
def township_score(*, village, user):
    run = RankingRun.objects.create(
        directive=_task().directive, as_of=timezone.localdate()
    )
    return TownshipScore.objects.create(
        run=run, township=village.township, points=5, weight_in_play=5, weight_total=5
    )
