"""How queue items are shown: labelled differences side by side, ID numbers masked."""

from django.utils.translation import gettext_lazy as _

from households.models import ReconciliationItem
from households.models.person import ResidenceStatus, Sex
from households.reconciliation.formats import Event

FIELD_LABELS = {
    "record": _("Record"),
    "name": _("Name"),
    "sex": _("Sex"),
    "birth_date": _("Birth date"),
    "is_alive": _("Alive"),
    "died_on": _("Died on"),
    "residence_status": _("Residence status"),
}
EVENT_LABELS = {
    Event.BIRTH: _("Birth"),
    Event.DEATH: _("Death"),
    Event.MOVE_IN: _("Moved in"),
    Event.MOVE_OUT: _("Moved out"),
}
_ABSENT = {
    "register": _("Not in the register"),
    "source": _("Not in the file"),
}


def shown_value(field: str, value, *, side: str = "") -> str:
    """One stored value as the page shows it (codes become words)."""
    if value in (None, ""):
        return str(_ABSENT[side]) if field == "record" and side else "—"
    if field == "sex" and value in Sex.values:
        return str(Sex(value).label)
    if field == "is_alive":
        return str(_("Alive") if value else _("Deceased"))
    if field == "residence_status" and value in ResidenceStatus.values:
        return str(ResidenceStatus(value).label)
    if field == "event":
        return str(EVENT_LABELS.get(value, value))
    return str(value)


def difference_rows(item: ReconciliationItem) -> list[dict]:
    """Label, register value, source value for each difference."""
    return [
        {
            "field": difference.get("field", ""),
            "label": FIELD_LABELS.get(difference.get("field"), difference.get("field")),
            "register": shown_value(
                difference.get("field"), difference.get("register"), side="register"
            ),
            "source": shown_value(
                difference.get("field"), difference.get("source"), side="source"
            ),
        }
        for difference in item.differences or ()
    ]


_FACT_ORDER = (
    ("mother_id_masked", _("Mother's ID number")),
    ("id_masked", _("ID number")),
    ("event", _("Event")),
    ("event_date", _("Date")),
    ("child_name", _("Child's name")),
    ("name", _("Name")),
    ("child_sex", _("Child's sex")),
    ("sex", _("Sex")),
    ("birth_date", _("Birth date")),
    ("hospital", _("Hospital")),
    ("period_start", _("File covers births from")),
    ("period_end", _("File covers births to")),
)


def source_rows(item: ReconciliationItem) -> list[dict]:
    """The file's facts for this row (label, value); ID numbers only masked."""
    facts = item.source_facts or {}
    rows = []
    for key, label in _FACT_ORDER:
        value = facts.get(key)
        if value in (None, ""):
            continue
        field = {"child_sex": "sex"}.get(key, key)
        rows.append({"label": label, "value": shown_value(field, value)})
    return rows
