"""Casework statistics per period and township, as the bureau reports them (§4.4, §5).

Every figure is one grouped query over the period (`start` inclusive, `end` exclusive),
counted by the day things happened (an event's `on`, a decision's date), never row by row.
`case_statistics(user, start=..., end=...)` answers for the townships `user` may see.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.indicators import Measure
from bureau.models import Township
from bureau.scoping import townships_for
from casework import clocks as limits
from casework.indicators import clock_on_time, satisfaction
from casework.indicators import grouped as _grouped
from casework.models import (
    Case,
    CaseEvent,
    CaseParty,
    Decision,
    Lead,
    Penalty,
    SeizedItem,
)
from casework.selectors import open_past
from casework.workflow import Kind, Status

# (key, label) of the counts, in the order of the table.
COUNTS = [
    *((f"leads_{value}", label) for value, label in Lead.Source.choices),
    ("leads", _("Leads received")),
    ("closed_no_basis", _("Leads closed, no basis")),
    ("filed", _("Cases filed")),
    ("closed", _("Cases closed")),
    ("referred_police", _("Referred to police")),
    ("referred_out", _("Referred to another body")),
    ("open_past_90", _("Open past 90 days")),
    *((f"penalty_{value}", label) for value, label in Penalty.Type.choices),
    ("fines", _("Fines")),
    ("fines_yuan", _("Fines (yuan)")),
    ("confiscated_yuan", _("Illegal income confiscated (yuan)")),
    ("ultrasound_seized", _("Ultrasound machines seized")),
    ("equipment_seized", _("Equipment seized (units)")),
    ("drugs_seized", _("Drugs seized")),
    ("criminal_referrals", _("Criminal referrals")),
    ("discipline_referrals", _("Discipline referrals")),
    ("repeat_offenders", _("Repeat offenders")),
]
RATES = [
    ("petitions_accepted_on_time", _("Petitions accepted on time")),
    ("petitions_concluded_on_time", _("Petitions concluded on time")),
    ("petition_satisfaction", _("Petitioners satisfied")),
]
MONEY_KEYS = {"fines_yuan", "confiscated_yuan"}


@dataclass
class Figures:
    """The counts (ints, or Decimal yuan) and rates (Measure) of one township or the total."""

    counts: dict[str, int | Decimal] = field(default_factory=dict)
    rates: dict[str, Measure] = field(default_factory=dict)


@dataclass
class Statistics:
    start: dt.date
    end: dt.date
    rows: list[tuple[Township, Figures]]
    total: Figures


def _transitions(codes, start, end, states, kind=Kind.LIANGFEI) -> dict:
    rows = CaseEvent.objects.filter(
        type=CaseEvent.Type.TRANSITION,
        to_status__in=states,
        on__gte=start,
        on__lt=end,
        case__kind=kind,
        case__township_id__in=codes,
    )
    return {
        row["case__township_id"]: row["n"]
        for row in _grouped(rows, "case__township_id", n=Count("case", distinct=True))
    }


def _leads(codes, start, end) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    rows = Lead.objects.filter(
        case__township_id__in=codes,
        received_at__gte=_moment(start),
        received_at__lt=_moment(end),
    )
    for row in (
        rows.order_by()
        .values("case__township_id", "source")
        .annotate(n=Count("pk"))
        .values_list("case__township_id", "source", "n")
    ):
        code, source, n = row
        counts[code][f"leads_{source}"] = n
        counts[code]["leads"] = counts[code].get("leads", 0) + n
    return counts


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _penalties(codes, start, end) -> dict[str, dict[str, int | Decimal]]:
    counts: dict[str, dict[str, int | Decimal]] = defaultdict(dict)
    rows = Penalty.objects.filter(
        decision__case__township_id__in=codes,
        decision__decided_on__gte=start,
        decision__decided_on__lt=end,
    )
    for code, kind, n, total in (
        rows.order_by()
        .values("decision__case__township_id", "type")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .values_list("decision__case__township_id", "type", "n", "total")
    ):
        counts[code][f"penalty_{kind}"] = n
        if kind == Penalty.Type.FINE:
            counts[code]["fines"] = n
            counts[code]["fines_yuan"] = total or Decimal("0.00")
        if kind == Penalty.Type.CONFISCATED_INCOME:
            counts[code]["confiscated_yuan"] = total or Decimal("0.00")
    return counts


def _seized(codes, start, end) -> dict[str, dict[str, int]]:
    Type = SeizedItem.Type
    rows = SeizedItem.objects.filter(
        case__township_id__in=codes, seized_on__gte=start, seized_on__lt=end
    )
    counted = _grouped(
        rows,
        "case__township_id",
        ultrasound=Sum("quantity", filter=Q(type=Type.ULTRASOUND)),
        equipment=Sum("quantity", filter=Q(type__in=SeizedItem.EQUIPMENT_TYPES)),
        drugs=Sum("quantity", filter=Q(type=Type.DRUGS)),
    )
    return {
        row["case__township_id"]: {
            "ultrasound_seized": row["ultrasound"] or 0,
            "equipment_seized": row["equipment"] or 0,
            "drugs_seized": row["drugs"] or 0,
        }
        for row in counted
    }


def _referrals(codes, start, end, *, penalty: str, status: str) -> dict[str, int]:
    """Cases referred in the period, by a decision's referral or by the move itself."""
    in_decision = Penalty.objects.filter(
        decision__case=OuterRef("pk"),
        type=penalty,
        decision__decided_on__gte=start,
        decision__decided_on__lt=end,
    )
    moved = CaseEvent.objects.filter(
        case=OuterRef("pk"),
        type=CaseEvent.Type.TRANSITION,
        to_status=status,
        on__gte=start,
        on__lt=end,
    )
    cases = Case.objects.filter(township_id__in=codes).filter(
        Exists(in_decision) | Exists(moved)
    )
    return {
        row["township_id"]: row["n"]
        for row in _grouped(cases, "township_id", n=Count("pk"))
    }


def _repeat_offenders(codes, start, end) -> dict[str, int]:
    """Parties penalised in the period who had been penalised in another case before."""
    penalised = CaseParty.objects.filter(
        role=CaseParty.Role.RESPONDENT,
        case__decision__outcome=Decision.Outcome.PENALTY,
    )
    earlier = penalised.filter(
        case__decision__decided_on__lt=OuterRef("case__decision__decided_on")
    ).exclude(case=OuterRef("case"))
    provider_before = earlier.filter(provider=OuterRef("provider"))
    # The same person recorded twice (same ID number digest) is one offender.
    practitioner_before = earlier.filter(
        Q(practitioner=OuterRef("practitioner"))
        | Q(
            practitioner__id_number_digest=OuterRef("practitioner__id_number_digest"),
            practitioner__id_number_digest__gt="",
        )
    )
    rows = penalised.filter(
        case__township_id__in=codes,
        case__decision__decided_on__gte=start,
        case__decision__decided_on__lt=end,
    ).filter(
        Q(Exists(provider_before), provider__isnull=False)
        | Q(Exists(practitioner_before), practitioner__isnull=False)
    )
    counts: dict[str, set] = defaultdict(set)
    for code, provider, practitioner in rows.values_list(
        "case__township_id", "provider_id", "practitioner_id"
    ):
        counts[code].add(("p", provider) if provider else ("r", practitioner))
    return {code: len(parties) for code, parties in counts.items()}


def _open_past_90(codes, end) -> dict[str, int]:
    on = min(end - dt.timedelta(days=1), timezone.localdate())
    cases = open_past(
        Case.objects.filter(kind=Kind.LIANGFEI, township_id__in=codes),
        days=limits.DECISION.days,
        on=on,
    )
    return {
        row["township_id"]: row["n"]
        for row in _grouped(cases, "township_id", n=Count("pk"))
    }


def _counts_by_township(codes: list[str], start, end) -> dict[str, dict]:
    counts: dict[str, dict] = {code: {} for code in codes}
    for part in (
        _leads(codes, start, end),
        _penalties(codes, start, end),
        _seized(codes, start, end),
    ):
        for code, values in part.items():
            counts[code].update(values)
    singles = {
        "closed_no_basis": _transitions(codes, start, end, (Status.CLOSED_NO_BASIS,)),
        "filed": _transitions(codes, start, end, (Status.FILED,)),
        "closed": _transitions(codes, start, end, (Status.CLOSED,)),
        "referred_police": _transitions(codes, start, end, (Status.REFERRED_POLICE,)),
        "referred_out": _transitions(codes, start, end, (Status.REFERRED_OUT,)),
        "open_past_90": _open_past_90(codes, end),
        "criminal_referrals": _referrals(
            codes,
            start,
            end,
            penalty=Penalty.Type.CRIMINAL_REFERRAL,
            status=Status.REFERRED_POLICE,
        ),
        "discipline_referrals": _referrals(
            codes,
            start,
            end,
            penalty=Penalty.Type.DISCIPLINE_REFERRAL,
            status=Status.DISCIPLINE_REFERRAL,
        ),
        "repeat_offenders": _repeat_offenders(codes, start, end),
    }
    for key, values in singles.items():
        for code, n in values.items():
            counts[code][key] = n
    for values in counts.values():
        for key, _label in COUNTS:
            values.setdefault(key, Decimal("0.00") if key in MONEY_KEYS else 0)
    return counts


def _rates_by_township(codes: list[str], start, end) -> dict[str, dict[str, Measure]]:
    parts = {
        "petitions_accepted_on_time": clock_on_time(
            limits.ACCEPTANCE.kind, codes, start, end
        ),
        "petitions_concluded_on_time": clock_on_time(
            limits.CONCLUSION.kind, codes, start, end
        ),
        "petition_satisfaction": satisfaction(codes, start, end),
    }
    return {
        code: {key: part.get(code, Measure(0, 0)) for key, part in parts.items()}
        for code in codes
    }


def _total(rows: list[Figures]) -> Figures:
    total = Figures()
    for key, _label in COUNTS:
        zero = Decimal("0.00") if key in MONEY_KEYS else 0
        total.counts[key] = sum((row.counts[key] for row in rows), zero)
    for key, _label in RATES:
        total.rates[key] = Measure(
            sum(row.rates[key].numerator for row in rows),
            sum(row.rates[key].denominator or 0 for row in rows),
        )
    return total


def case_statistics(
    user, *, start: dt.date, end: dt.date, townships: Iterable[str] | None = None
) -> Statistics:
    """The figures of each township `user` may see (or of the given codes among them)."""
    visible = townships_for(user).order_by("code")
    if townships is not None:
        visible = visible.filter(code__in=list(townships))
    places = list(visible)
    codes = [place.code for place in places]
    counts = _counts_by_township(codes, start, end)
    rates = _rates_by_township(codes, start, end)
    rows = [(place, Figures(counts[place.code], rates[place.code])) for place in places]
    return Statistics(
        start=start, end=end, rows=rows, total=_total([figures for _, figures in rows])
    )


def _unit(key: str) -> str:
    return "yuan" if key in MONEY_KEYS else "count"


def period_figures(
    user, *, start: dt.date, end: dt.date, township: Any = None
) -> list[tuple[str, str, Any, str]]:
    """(key, label, value, unit) rows for one township or all the user's: counts, yuan
    (Decimal), and rates as a Decimal share (None when nothing was counted)."""
    codes = None if township is None else [getattr(township, "pk", township)]
    figures = case_statistics(user, start=start, end=end, townships=codes).total
    rows = [
        (key, str(label), figures.counts[key], _unit(key))
        for key, label in COUNTS
        if not key.startswith("leads_")
    ]
    rows += [
        (key, str(label), figures.rates[key].value, "percent") for key, label in RATES
    ]
    return rows


def leads_by_source(
    user, *, start: dt.date, end: dt.date, township: Any = None
) -> list[tuple[str, int]]:
    """(source label, leads received) in the period, every source listed."""
    codes = None if township is None else [getattr(township, "pk", township)]
    figures = case_statistics(user, start=start, end=end, townships=codes).total
    return [
        (str(label), figures.counts[f"leads_{value}"])
        for value, label in Lead.Source.choices
    ]


def penalties_by_type(
    user, *, start: dt.date, end: dt.date, township: Any = None
) -> list[tuple[str, int]]:
    """(penalty type label, penalties decided) in the period, every type listed."""
    codes = None if township is None else [getattr(township, "pk", township)]
    figures = case_statistics(user, start=start, end=end, townships=codes).total
    return [
        (str(label), figures.counts[f"penalty_{value}"])
        for value, label in Penalty.Type.choices
    ]
