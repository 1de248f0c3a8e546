"""Demo directives: two published months and the current one, provisional.

`build_directives()` is the `seed_demo` hook of this app (after every other app's, so
their data is scored). Safe to run twice: a month that already has a directive is kept.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from bureau.audit import audit_context
from bureau.demo import DemoHook, register_demo_hook
from bureau.models import User
from bureau.roles import Role
from reports import nightly, services, statistics
from reports.models import Directive, DirectiveItem

MONTHS = 3


def _months(today: datetime.date) -> list[datetime.date]:
    first = today.replace(day=1)
    months = [first]
    for _ in range(MONTHS - 1):
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return months[::-1]


def _items(chief: User, directive: Directive, due_on: datetime.date) -> None:
    add = services.add_item
    add(
        by=chief,
        directive=directive,
        kind=DirectiveItem.Kind.INDICATOR,
        indicator_code="households.corrections_applied",
        weight=30,
        rule=DirectiveItem.Rule.THRESHOLD,
        target=5,
        step=1,
        deduction=3,
    )
    add(
        by=chief,
        directive=directive,
        kind=DirectiveItem.Kind.INDICATOR,
        indicator_code="households.reconciliation_backlog",
        weight=30,
        rule=DirectiveItem.Rule.PER_INCIDENT,
        deduction=2,
    )
    add(
        by=chief,
        directive=directive,
        kind=DirectiveItem.Kind.INDICATOR,
        indicator_code="households.quality_findings",
        weight=30,
        rule=DirectiveItem.Rule.BANDED,
        bands=[("0", "30"), ("0.01", "20"), ("0.05", "10")],
    )
    add(
        by=chief,
        directive=directive,
        kind=DirectiveItem.Kind.TASK,
        title="召开月度人口信息质量调度会",
        weight=10,
        due_on=due_on,
    )


def build_directives(**options) -> list[str]:
    """Directives for the last three months; the two earlier ones published."""
    chief = User.objects.filter(role=Role.CHIEF, is_active=True).order_by("pk").first()
    if chief is None:
        return ["No chief user: no demo directives."]
    today = timezone.localdate()
    made = []
    with audit_context(task="seed_demo"):
        for month in _months(today):
            if Directive.objects.filter(month=month).exists():
                continue
            with transaction.atomic():
                directive = services.create_directive(
                    by=chief, month=month, title=f"{month:%Y年%m月}人口信息工作月指令"
                )
                _items(
                    chief,
                    directive,
                    due_on=max(month + datetime.timedelta(days=20), today),
                )
                services.issue_directive(by=chief, directive=directive)
            nightly.run_directive(directive=directive, dispatch=nightly.score_inline)
            if month < today.replace(day=1):
                services.publish_month(by=chief, directive=directive)
            made.append(f"{month:%Y-%m}")
    if not made:
        return ["Demo directives already present."]
    for period in statistics.months_to_refresh(today):
        statistics.refresh_month(period=period)
    return [f"Directives for {', '.join(made)} (earlier months published)."]


register_demo_hook(DemoHook("reports", build_directives, order=900))
