"""The check-up and casework indicators join the registry and a directive scores them."""

from decimal import Decimal

import pytest

from bureau.indicators import all_indicators
from reports import services
from reports.forms import ItemForm
from reports.models import DirectiveItem, ItemScore
from tests.reports.conftest import run_now
from tests.reports.factories import DirectiveFactory

CHECKUPS = "checkups.coverage"
CASEWORK = "casework.cases_filed_against_target"


@pytest.fixture
def installed():
    found = all_indicators()
    for code in (CHECKUPS, CASEWORK):
        if code not in found:
            pytest.fail(f"{code} is not in the indicator registry")
    return found


def test_the_item_form_offers_the_checkups_and_casework_indicators(installed):
    offered = dict(ItemForm().fields["indicator_code"].choices)

    assert str(installed[CHECKUPS].label) in offered[CHECKUPS]
    assert str(installed[CASEWORK].label) in offered[CASEWORK]


def test_a_directive_scores_a_checkups_and_a_casework_indicator(
    installed, chief, village, other_village
):
    directive = DirectiveFactory.create(created_by=chief)
    for code, weight in ((CHECKUPS, 30), (CASEWORK, 20)):
        services.add_item(
            by=chief,
            directive=directive,
            kind=DirectiveItem.Kind.INDICATOR,
            indicator_code=code,
            weight=weight,
            rule=DirectiveItem.Rule.THRESHOLD,
            target=Decimal("0.9") if code == CHECKUPS else 1,
            step=Decimal("0.01") if code == CHECKUPS else 1,
            deduction=1,
        )
    issued = services.issue_directive(by=chief, directive=directive)

    run = run_now(issued)

    assert run.status == "complete"
    assert run.is_current
    townships = {village.township_id, other_village.township_id}
    scores = ItemScore.objects.filter(run=run)
    assert {(s.township_id, s.item.indicator_code) for s in scores} == {
        (township, code) for township in townships for code in (CHECKUPS, CASEWORK)
    }
    assert set(run.totals.values_list("township_id", flat=True)) == townships
    assert all(score.rank is not None for score in run.totals.all())
