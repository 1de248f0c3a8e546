"""How corrections are shown: before and after of each fact, without showing ID numbers."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households import selectors, services
from households.models import Person
from households.models.corrections import CORE_FACTS

FACT_LABELS = {
    "name": Person._meta.get_field("name").verbose_name,
    "id_number": gettext_lazy("ID number"),
    "sex": Person._meta.get_field("sex").verbose_name,
    "birth_date": Person._meta.get_field("birth_date").verbose_name,
    "household": Person._meta.get_field("household").verbose_name,
    "is_alive": Person._meta.get_field("is_alive").verbose_name,
    "died_on": Person._meta.get_field("died_on").verbose_name,
}


def _fact_order(fact: str) -> int:
    return CORE_FACTS.index(fact) if fact in CORE_FACTS else len(CORE_FACTS)


def _household_pk(value):
    if isinstance(value, dict):
        return value.get("id") or value.get("pk")
    return value if isinstance(value, int) else None


def _fact_display(fact: str, value, households: dict) -> str:
    if value in (None, ""):
        return "—"
    if fact == "id_number":
        return value  # already masked by services.correction_changes
    if fact == "sex":
        return str(Person.Sex(value).label) if value in Person.Sex.values else value
    if fact == "is_alive":
        return _("Alive") if value else _("Deceased")
    if fact == "household":
        pk = _household_pk(value)
        household = households.get(pk)
        if household is not None:
            return f"{household.village.name} {household.number}"
        if isinstance(value, dict) and value.get("number"):
            return str(value["number"])
        return "—"
    if fact in ("birth_date", "died_on") and isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return value
    return str(value)


def describe_changes(corrections, *, user) -> None:
    """Attach `.rows` (label, before, after) to each correction; one query in all.

    Households are named only when `user` may see them; ID numbers come masked from
    `services.correction_changes`.
    """
    household_pks = {
        _household_pk(values.get("household"))
        for correction in corrections
        for values in (correction.before or {}, correction.after or {})
        if "household" in values
    }
    households = (
        selectors.visible_households(user)
        .select_related("village")
        .in_bulk([pk for pk in household_pks if pk])
    )
    for correction in corrections:
        changes = sorted(
            services.correction_changes(correction),
            key=lambda row: _fact_order(row["field"]),
        )
        correction.rows = [
            {
                "label": FACT_LABELS.get(row["field"], row["field"]),
                "before": _fact_display(row["field"], row["before"], households),
                "after": _fact_display(row["field"], row["after"], households),
            }
            for row in changes
        ]
