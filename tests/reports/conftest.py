"""A month with two townships: register data, a directive of three items, issued."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from households.models import Correction
from reports import nightly, services
from reports.models import DirectiveItem
from tests.households.factories import (
    CorrectionFactory,
    HouseholdFactory,
    PersonFactory,
)
from tests.reports.factories import DirectiveFactory


def applied_corrections(village, count):
    """`count` corrections of persons in `village`, applied now."""
    household = HouseholdFactory.create(village=village)
    for _ in range(count):
        CorrectionFactory.create(
            person=PersonFactory.create(household=household),
            status=Correction.Status.APPLIED,
            decided_at=timezone.now(),
        )


@pytest.fixture
def month(chief, village, other_village):
    """The current month's draft directive: corrections (10), findings rate (20), task (5).

    `village`'s township has 3 corrections applied, `other_village`'s has 1.
    """
    applied_corrections(village, 3)
    applied_corrections(other_village, 1)
    directive = DirectiveFactory.create(created_by=chief)
    services.add_item(
        by=chief,
        directive=directive,
        kind=DirectiveItem.Kind.INDICATOR,
        indicator_code="households.corrections_applied",
        weight=10,
        rule=DirectiveItem.Rule.THRESHOLD,
        target=3,
        step=1,
        deduction=2,
    )
    services.add_item(
        by=chief,
        directive=directive,
        kind=DirectiveItem.Kind.INDICATOR,
        indicator_code="households.quality_findings",
        weight=20,
        rule=DirectiveItem.Rule.THRESHOLD,
        target=0,
        step=Decimal("0.01"),
        deduction=1,
    )
    services.add_item(
        by=chief,
        directive=directive,
        kind=DirectiveItem.Kind.TASK,
        title="召开月度调度会",
        weight=5,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    return directive


@pytest.fixture
def issued(month, chief):
    return services.issue_directive(by=chief, directive=month)


def run_now(directive):
    """Run the nightly scoring of `directive` in this process; returns the run."""
    run = nightly.run_directive(directive=directive, dispatch=nightly.score_inline)
    run.refresh_from_db()
    return run
