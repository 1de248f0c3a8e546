"""Eligibility rules per scheme: they propose candidates from the register, with a reason.

A rule only suggests (PIPL art. 24): a person enters the application and every level
of review decides. Historical conditions (the honour certificate, rural status, the
conditions of the older schemes on past births) are never worked out here; the reviewer
confirms them from the applicant's papers. Ages and limits come from the scheme's
parameters, not from the code.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from households.models import Person
from households.selectors import visible_persons
from incentives.amounts import childcare_months, first_childcare_month
from incentives.models import Application, Entitlement, Scheme
from incentives.models.applications import OPEN


@dataclass(frozen=True)
class Candidate:
    person: Person
    payee: Person
    reason: str
    category: str = ""
    child: Person | None = None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _rural_reward(
    scheme: Scheme, persons: QuerySet[Person], today: date
) -> Iterator[Candidate]:
    min_age = int(scheme.parameters.get("min_age", 60))
    for person in persons.filter(birth_date__lte=_years_before(today, min_age)):
        yield Candidate(
            person=person,
            payee=person,
            reason=_(
                "Aged %(age)d (from %(min)d). Rural status and the historical conditions "
                "are confirmed from the applicant's papers."
            )
            % {"age": _age(person.birth_date, today), "min": min_age},
        )


def _special_assistance(
    scheme: Scheme, persons: QuerySet[Person], today: date
) -> Iterator[Candidate]:
    min_age = int(scheme.parameters.get("min_age", 49))
    died = Q(children_as_mother__is_alive=False) | Q(children_as_father__is_alive=False)
    for person in (
        persons.filter(birth_date__lte=_years_before(today, min_age))
        .filter(died)
        .distinct()
    ):
        child = (
            Person.objects.filter(Q(mother=person) | Q(father=person), is_alive=False)
            .order_by("pk")
            .first()
        )
        yield Candidate(
            person=person,
            payee=person,
            child=child,
            category="child_died",
            reason=_(
                "Aged %(age)d; the register records a child's death. That it was the only "
                "child, and no later birth or adoption, is confirmed from the papers."
            )
            % {"age": _age(person.birth_date, today)},
        )


def _only_child_reward(
    scheme: Scheme, persons: QuerySet[Person], today: date
) -> Iterator[Candidate]:
    limit = int(scheme.parameters.get("child_age_limit", 18))
    young = Person.objects.filter(
        is_alive=True, birth_date__gt=_years_before(today, limit)
    )
    for person in persons.filter(
        Q(children_as_mother__in=young) | Q(children_as_father__in=young)
    ).distinct():
        child = (
            young.filter(Q(mother=person) | Q(father=person))
            .order_by("birth_date")
            .first()
        )
        yield Candidate(
            person=person,
            payee=person,
            child=child,
            reason=_(
                "A child under %(limit)d in the register. The honour certificate "
                "(独生子女父母光荣证) is confirmed from the papers."
            )
            % {"limit": limit},
        )


def _childcare(
    scheme: Scheme, persons: QuerySet[Person], today: date
) -> Iterator[Candidate]:
    first = first_childcare_month(scheme.parameters)
    born_from = date.fromisoformat(scheme.parameters.get("born_from", "2022-01-01"))
    for child in persons.filter(
        birth_date__gte=born_from, birth_date__gt=_years_before(today, 3)
    ).select_related("mother", "father"):
        parent = next(
            (p for p in (child.mother, child.father) if p is not None and p.is_alive),
            None,
        )
        if parent is None:
            continue
        months = childcare_months(child.birth_date, first_month=first)
        yield Candidate(
            person=child,
            payee=parent,
            reason=_("Born %(month)s: %(count)d months of subsidy from %(first)s.")
            % {
                "month": f"{child.birth_date:%Y-%m}",
                "count": len(months),
                "first": f"{months[0].year}-{months[0].month:02d}" if months else "—",
            },
        )


Rule = Callable[[Scheme, QuerySet[Person], date], Iterator[Candidate]]
RULES: dict[str, Rule] = {
    Scheme.Kind.RURAL_REWARD: _rural_reward,
    Scheme.Kind.SPECIAL_ASSISTANCE: _special_assistance,
    Scheme.Kind.ONLY_CHILD_REWARD: _only_child_reward,
    Scheme.Kind.CHILDCARE: _childcare,
}


def propose_candidates(
    user, *, scheme: Scheme, today: date, limit: int = 200
) -> list[Candidate]:
    """Persons the user serves whom the scheme's rule proposes, with the reason for each.

    Left out: the deceased, those who moved away, and anyone who already holds the
    benefit or has an open application for it. Schemes without a rule (insurance
    subsidies, hardship help) propose nobody: they are applied for.
    """
    rule = RULES.get(scheme.kind)
    if rule is None:
        return []
    persons = (
        visible_persons(user)
        .filter(is_alive=True, household__isnull=False)
        .exclude(residence_status=Person.ResidenceStatus.MOVED_AWAY)
        .exclude(
            pk__in=Entitlement.objects.filter(scheme=scheme)
            .exclude(status=Entitlement.Status.TERMINATED)
            .values("person_id")
        )
        .exclude(
            pk__in=Application.objects.filter(scheme=scheme, status__in=OPEN).values(
                "person_id"
            )
        )
        .select_related("household__village")
        .order_by("household__village_id", "name_sort", "pk")
    )
    found = []
    for candidate in rule(scheme, persons, today):
        found.append(candidate)
        if len(found) >= limit:
            break
    return found
