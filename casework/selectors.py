"""Reading cases and their ledger, scoped to the townships a user may see."""

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from bureau.clocks import clocks_for, overdue_condition
from bureau.models import DeadlineClock
from bureau.scoping import within_townships
from casework.models import (
    Case,
    CaseEvent,
    CaseParty,
    CaseTarget,
    Decision,
    FinePayment,
    Lead,
    Penalty,
    Practitioner,
    Provider,
    ReporterReward,
    SeizedItem,
)


def visible_cases(user: Any) -> QuerySet[Case]:
    """Cases in the townships `user` may see."""
    return within_townships(
        Case.objects.select_related("township"), user, via="township"
    )


def visible_case_events(user: Any) -> QuerySet[CaseEvent]:
    """Timeline lines of the cases `user` may see."""
    return within_townships(
        CaseEvent.objects.select_related("case", "by"), user, via="case__township"
    )


def timeline(case: Case) -> QuerySet[CaseEvent]:
    """The timeline of a case already read through `visible_cases`, oldest first."""
    return case.timeline.select_related("by").order_by("at", "pk")


def case_clocks(case: Case) -> QuerySet[DeadlineClock]:
    """The time limits of a case already read through `visible_cases`."""
    return clocks_for(case)


# Parties


def visible_providers(user: Any) -> QuerySet[Provider]:
    return within_townships(
        Provider.objects.select_related("township"), user, via="township"
    )


def visible_practitioners(user: Any) -> QuerySet[Practitioner]:
    return within_townships(
        Practitioner.objects.select_related("township", "provider"),
        user,
        via="township",
    )


def visible_case_parties(user: Any) -> QuerySet[CaseParty]:
    return within_townships(
        CaseParty.objects.select_related("case", "provider", "practitioner"),
        user,
        via="case__township",
    )


def case_parties(case: Case) -> QuerySet[CaseParty]:
    """The parties of a case already read through `visible_cases`."""
    return case.parties.select_related("provider", "practitioner").order_by("pk")


def _violations(**party) -> QuerySet[Case]:
    return (
        Case.objects.filter(
            parties__role=CaseParty.Role.RESPONDENT,
            decision__outcome=Decision.Outcome.PENALTY,
            **{f"parties__{key}": value for key, value in party.items()},
        )
        .select_related("decision", "township")
        .order_by("decision__decided_on", "pk")
        .distinct()
    )


def prior_violations(
    party: Provider | Practitioner, *, before: Case | None = None
) -> QuerySet[Case]:
    """Cases in which `party` was penalised (a decision with a penalty), oldest first.

    For a practitioner, other records of the same person (the same ID number digest)
    count too. `before` leaves that case out (the case being decided).
    """
    if isinstance(party, Provider):
        rows = _violations(provider=party)
    elif party.id_number_digest:
        rows = _violations(practitioner__id_number_digest=party.id_number_digest)
    else:
        rows = _violations(practitioner=party)
    return rows.exclude(pk=before.pk) if before is not None else rows


def repeat_offender_count(cases: QuerySet[Case]) -> int:
    """How many providers and practitioners were penalised in two or more of `cases`."""
    penalised = CaseParty.objects.filter(
        case__in=cases,
        role=CaseParty.Role.RESPONDENT,
        case__decision__outcome=Decision.Outcome.PENALTY,
    )
    providers = (
        penalised.filter(provider__isnull=False)
        .values("provider")
        .annotate(n=Count("case", distinct=True))
        .filter(n__gte=2)
        .count()
    )
    practitioners = (
        penalised.filter(practitioner__isnull=False)
        .values("practitioner")
        .annotate(n=Count("case", distinct=True))
        .filter(n__gte=2)
        .count()
    )
    return providers + practitioners


# Leads, rewards and the sanctions ledger


def visible_leads(user: Any) -> QuerySet[Lead]:
    return within_townships(
        Lead.objects.select_related("case__township"), user, via="case__township"
    )


def visible_rewards(user: Any) -> QuerySet[ReporterReward]:
    return within_townships(
        ReporterReward.objects.select_related("case", "approved_by"),
        user,
        via="case__township",
    )


def visible_decisions(user: Any) -> QuerySet[Decision]:
    return within_townships(
        Decision.objects.select_related("case__township"), user, via="case__township"
    )


def visible_penalties(user: Any) -> QuerySet[Penalty]:
    return within_townships(
        Penalty.objects.select_related("decision__case"),
        user,
        via="decision__case__township",
    )


def visible_payments(user: Any) -> QuerySet[FinePayment]:
    return within_townships(
        FinePayment.objects.select_related("penalty__decision__case"),
        user,
        via="penalty__decision__case__township",
    )


def visible_seized_items(user: Any) -> QuerySet[SeizedItem]:
    return within_townships(
        SeizedItem.objects.select_related("case"), user, via="case__township"
    )


def visible_targets(user: Any) -> QuerySet[CaseTarget]:
    return within_townships(
        CaseTarget.objects.select_related("township"), user, via="township"
    )


def case_penalties(case: Case) -> QuerySet[Penalty]:
    """The penalties of a case already read through `visible_cases` (none before it is decided)."""
    return Penalty.objects.filter(decision__case=case).prefetch_related("payments")


# Overdue cases


def _clocks_of_case() -> QuerySet[DeadlineClock]:
    return DeadlineClock.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=Cast(OuterRef("pk"), CharField()),
    )


def overdue_cases(
    user: Any, *, today: dt.date | None = None, township: Any = None
) -> QuerySet[Case]:
    """Visible cases with a time limit past its due date and not met, the longest overdue first.

    For the township's page (staff see their townships, `township` narrows to one) and the
    chief's (all townships). `overdue_since` is the earliest missed due date.
    """
    today = today or timezone.localdate()
    late = _clocks_of_case().filter(overdue_condition(today))
    first_due = late.order_by("due_on").values("due_on")[:1]
    rows = visible_cases(user)
    if township is not None:
        rows = rows.filter(township=township)
    return (
        rows.filter(Exists(late))
        .annotate(overdue_since=first_due)
        .order_by("overdue_since", "pk")
    )


def overdue_counts_by_township(
    user: Any, *, today: dt.date | None = None
) -> dict[str, int]:
    """{township code: overdue cases} over the townships `user` may see (the chief's page)."""
    rows = (
        overdue_cases(user, today=today)
        .order_by()
        .values("township_id")
        .annotate(n=Count("pk"))
        .values_list("township_id", "n")
    )
    return dict(rows)


def overdue_clocks_of_cases(
    user: Any, *, today: dt.date | None = None
) -> QuerySet[DeadlineClock]:
    """The overdue clocks themselves (label, due date, township) on visible cases."""
    today = today or timezone.localdate()
    visible = visible_cases(user).values("pk")
    return (
        DeadlineClock.objects.filter(
            content_type=ContentType.objects.get_for_model(Case),
            object_id__in=visible.annotate(key=Cast("pk", CharField())).values("key"),
        )
        .filter(overdue_condition(today))
        .select_related("township")
        .order_by("due_on", "pk")
    )


# A filed 两非 case stops being "open" for the 90-day count once it reaches one of these.
SETTLED = (
    Case.Status.DECIDED,
    Case.Status.REFERRED_POLICE,
    Case.Status.MERGED,
    Case.Status.CLOSED,
)


def _moved_to(states, **when) -> Exists:
    return Exists(
        CaseEvent.objects.filter(
            case=OuterRef("pk"),
            type=CaseEvent.Type.TRANSITION,
            to_status__in=states,
            **when,
        )
    )


def open_past(cases: QuerySet[Case], *, days: int, on: dt.date) -> QuerySet[Case]:
    """Cases filed more than `days` days before `on` and not yet decided on `on`."""
    return cases.filter(
        _moved_to((Case.Status.FILED,), on__lt=on - dt.timedelta(days=days)),
        ~_moved_to(SETTLED, on__lte=on),
    )
