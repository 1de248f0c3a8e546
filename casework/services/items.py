"""Seized and confiscated items (物品清单): registered under seal, disposed of once."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from bureau.models import User
from casework.models import Case, CaseEvent, SeizedItem
from casework.services._common import (
    add_event,
    invalid,
    liangfei_problem,
    locked_case,
    not_future,
    require,
    require_township,
    serves,
)
from casework.workflow import Status, is_open


def may_register_item(user: User, case: Case) -> bool:
    return (
        user.has_perm("casework.add_seizeditem")
        and serves(user, case.township_id)
        and _item_problem(case) is None
    )


def may_dispose_item(user: User, item: SeizedItem) -> bool:
    return (
        user.has_perm("casework.change_seizeditem")
        and serves(user, item.case.township_id)
        and item.disposal == SeizedItem.Disposal.HELD
    )


def _item_problem(case: Case) -> str | None:
    problem = liangfei_problem(case)
    if problem:
        return problem
    if case.status == Status.LEAD_RECEIVED or not is_open(case.kind, case.status):
        return _("Items are registered while the case is checked or investigated.")
    return None


@transaction.atomic
def register_seized_item(
    *,
    by: User,
    case: Case,
    type: str,
    description: str,
    quantity: int,
    seized_on: dt.date,
    unit: str = "台",
    seal_number: str = "",
    storage: str = "",
) -> SeizedItem:
    """An item held for preservation or confiscated (物品清单), with its seal and storage."""
    require(by, "casework.add_seizeditem", _("You may not register seized items."))
    case = locked_case(case)
    require_township(by, case.township)
    problem = _item_problem(case)
    if problem:
        raise invalid("case", problem)
    if type not in SeizedItem.Type.values:
        raise invalid("type", _("Unknown type of item: %(type)s") % {"type": type})
    if not (description or "").strip():
        raise invalid("description", _("Describe the item (model or serial number)."))
    if not isinstance(quantity, int) or quantity < 1:
        raise invalid("quantity", _("The quantity is a whole number of at least 1."))
    not_future(seized_on, "seized_on")
    item = SeizedItem(
        case=case,
        type=type,
        description=description.strip(),
        quantity=quantity,
        unit=(unit or "").strip() or "台",
        seal_number=(seal_number or "").strip(),
        storage=(storage or "").strip(),
        seized_on=seized_on,
        recorded_by=by,
    )
    item.full_clean(exclude=["case", "recorded_by"])
    item.save()
    add_event(case, type=CaseEvent.Type.ITEM, by=by, note=str(item), on=seized_on)
    return item


@transaction.atomic
def dispose_item(
    *, by: User, item: SeizedItem, disposal: str, disposed_on: dt.date, note: str
) -> SeizedItem:
    """Return, destroy, auction or hand over a held item, with the approval noted."""
    require(by, "casework.change_seizeditem", _("You may not dispose of seized items."))
    item = SeizedItem.objects.select_for_update().select_related("case").get(pk=item.pk)
    require_township(by, item.case.township)
    if item.disposal != SeizedItem.Disposal.HELD:
        raise invalid(
            "disposal",
            _("%(item)s was already %(disposal)s.")
            % {"item": item, "disposal": item.get_disposal_display()},
        )
    if (
        disposal not in SeizedItem.Disposal.values
        or disposal == SeizedItem.Disposal.HELD
    ):
        raise invalid("disposal", _("Say how the item was disposed of."))
    if not (note or "").strip():
        raise invalid(
            "disposal_note", _("Note the approval and the record of disposal.")
        )
    not_future(disposed_on, "disposed_on")
    if disposed_on < item.seized_on:
        raise invalid("disposed_on", _("An item is disposed of after it was seized."))
    item.disposal = disposal
    item.disposed_on = disposed_on
    item.disposal_note = note.strip()
    item.version += 1
    item.full_clean(exclude=["case", "recorded_by"])
    item.save()
    add_event(
        item.case,
        type=CaseEvent.Type.DISPOSAL,
        by=by,
        note=f"{item} · {item.get_disposal_display()}",
        on=disposed_on,
    )
    return item
