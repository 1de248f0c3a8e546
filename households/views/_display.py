"""How corrections are shown: before and after of each fact, without showing ID numbers."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau import crypto
from bureau.masking import mask_id_number
from households.models import Correction, Household, Person
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


def _shown(fact: str, value, households: dict) -> str:
    if value in (None, ""):
        return "—"
    if fact == "id_number":
        try:
            return mask_id_number(crypto.decrypt(value))
        except (crypto.DecryptionError, TypeError, ValueError):
            return "••••"
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


def describe_changes(corrections) -> None:
    """Attach `.rows` (label, before, after) to each correction; one query in all."""
    household_pks = {
        _household_pk(values.get("household"))
        for correction in corrections
        for values in (correction.before or {}, correction.after or {})
        if "household" in values
    }
    households = Household.objects.select_related("village").in_bulk(
        [pk for pk in household_pks if pk]
    )
    for correction in corrections:
        before, after = correction.before or {}, correction.after or {}
        correction.rows = [
            {
                "label": FACT_LABELS.get(fact, fact),
                "before": _shown(fact, before.get(fact), households),
                "after": _shown(fact, after.get(fact), households),
            }
            for fact in sorted(after, key=_fact_order)
        ]


def can_decide(user, correction: Correction) -> bool:
    return (
        correction.status == Correction.Status.PENDING
        and user.has_perm("households.approve_correction")
        and correction.raised_by_id != user.pk
    )


def can_withdraw(user, correction: Correction) -> bool:
    """The raiser may take back a pending correction (it is closed as rejected)."""
    return (
        correction.status == Correction.Status.PENDING
        and correction.raised_by_id == user.pk
        and user.has_perm("households.approve_correction")
    )
