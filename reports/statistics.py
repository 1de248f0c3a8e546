"""Monthly statistics: every installed indicator per township, stored for the dashboards.

`refresh_month` computes each indicator once for all current townships (the contract's
`compute(townships, period)`), and upserts one row per township and indicator, so pages
and exports read a small summary table instead of aggregating the register per request.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bureau.indicators import Measure, Period, all_indicators
from bureau.models import Township
from reports.models import MonthlyFigure


def refresh_month(*, period: Period) -> int:
    """Recompute the month's figures of every indicator and township; returns the rows."""
    townships = list(
        Township.objects.current(on=period.start)
        .order_by("code")
        .values_list("code", flat=True)
    )
    now = timezone.now()
    month = period.start
    rows = []
    for code, indicator in all_indicators().items():
        figures = indicator.compute(townships, period)
        for township in townships:
            measure = figures.get(township) or Measure(0)
            rows.append(
                MonthlyFigure(
                    month=month,
                    township_id=township,
                    indicator=code,
                    numerator=Decimal(measure.numerator),
                    denominator=None
                    if measure.denominator is None
                    else Decimal(measure.denominator),
                    computed_at=now,
                )
            )
    with transaction.atomic():
        MonthlyFigure.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["month", "township", "indicator"],
            update_fields=["numerator", "denominator", "computed_at"],
        )
    return len(rows)


def months_to_refresh(today) -> list[Period]:
    """This month and the last: a month's figures settle once the next one has begun."""
    this = Period.containing(today)
    last = Period.containing(this.start - datetime.timedelta(days=1))
    return [last, this]
