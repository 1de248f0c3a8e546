"""Deciding queue items: raise a correction, record that the register was fixed, or dismiss."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau.audit import audit_context
from bureau.services import notify
from households import selectors, services
from households.models import Correction, ReconciliationItem, SourceBatch
from households.models.corrections import CORE_FACTS

CHANGE_PERMISSION = "households.change_reconciliationitem"
PLACE_PERMISSION = "households.place_reconciliationitem"
CORRECTION_PERMISSION = "households.add_correction"
Kind = ReconciliationItem.Kind
Status = ReconciliationItem.Status


class Action(models.TextChoices):
    CORRECT = "correct", gettext_lazy("Raise a correction with the source's facts")
    REGISTER = "register", gettext_lazy("The register was updated by hand")
    DISMISS = "dismiss", gettext_lazy("Dismiss: the register is right")


def correction_changes(item: ReconciliationItem) -> dict:
    """The source's values of the core facts that differ, as raise_correction takes them."""
    return {
        difference["field"]: difference["source"]
        for difference in item.differences or ()
        if difference.get("field") in CORE_FACTS
    }


def _other_differences(item: ReconciliationItem) -> list[dict]:
    return [
        difference
        for difference in item.differences or ()
        if difference.get("field") not in CORE_FACTS
    ]


def may_change(user, item: ReconciliationItem) -> bool:
    """Only items placed in one of the user's townships; unplaced items are read-only."""
    return (
        item.township_id is not None
        and user.has_perm(CHANGE_PERMISSION)
        and selectors.visible_reconciliation_items(user).filter(pk=item.pk).exists()
    )


def may_place(user, item: ReconciliationItem) -> bool:
    """Whether `user` may put this open, unplaced item into a township."""
    return (
        item.township_id is None
        and item.status == Status.OPEN
        and user.has_perm(PLACE_PERMISSION)
    )


def available_actions(user, item: ReconciliationItem) -> list[str]:
    """The actions `user` may take on `item` now (none once it is decided)."""
    if item.status != Status.OPEN or not may_change(user, item):
        return []
    actions = []
    if (
        item.kind == Kind.FACTS_DIFFER
        and item.person_id is not None
        and correction_changes(item)
        and user.has_perm(CORRECTION_PERMISSION)
    ):
        actions.append(Action.CORRECT)
    return [*actions, Action.REGISTER, Action.DISMISS]


def _locked_open_item(by, item: ReconciliationItem) -> ReconciliationItem:
    locked = (
        ReconciliationItem.objects.select_for_update(of=("self",))
        .select_related("batch", "person")
        .get(pk=item.pk)
    )
    # Decided on the locked row: the item may have been placed since it was read.
    if not may_change(by, locked):
        raise PermissionDenied(_("You may not decide this item."))
    if locked.status != Status.OPEN:
        raise ValidationError(
            {
                "status": [
                    _("This item was already decided (%(status)s).")
                    % {"status": locked.get_status_display()}
                ]
            }
        )
    return locked


def _correction_reason(item: ReconciliationItem, note: str) -> str:
    if note:
        return note
    return _("%(source)s, file %(file)s, row %(row)d.") % {
        "source": item.batch.get_source_display(),
        "file": item.batch.filename,
        "row": item.source_row,
    }


def resolve_item(
    *, by, item: ReconciliationItem, resolution: str, action: str
) -> ReconciliationItem:
    """Decide an open item in one of the user's townships.

    "correct" raises a pending correction of the person with the source's values of the
    differing core facts (source hospital or police) and links it; "register" records
    that the register was updated by hand (e.g. the child was added), with a note;
    "dismiss" closes it with a reason. The register itself never changes here.
    """
    note = (resolution or "").strip()
    with transaction.atomic(), audit_context(user=by.pk, action="resolve_item"):
        locked = _locked_open_item(by, item)
        # A correction needs the matched person (available_actions offers it then).
        if action not in available_actions(by, locked) or (
            action == Action.CORRECT and locked.person is None
        ):
            raise ValidationError({"action": [_("This action is not possible here.")]})
        if action == Action.CORRECT and locked.person is not None:
            locked.correction = services.raise_correction(
                by=by,
                person=locked.person,
                changes=correction_changes(locked),
                reason=_correction_reason(locked, note),
                source=Correction.Source.HOSPITAL
                if locked.batch.source == SourceBatch.Source.HOSPITAL_BIRTHS
                else Correction.Source.POLICE,
            )
            note = note or _("Correction raised.")
            if _other_differences(locked):
                note += " " + _(
                    "The residence status is not a core fact: record the move "
                    "on the person's page."
                )
            locked.status = Status.RESOLVED
        elif not note:
            field = "resolution"
            message = (
                _("Say why the item is dismissed.")
                if action == Action.DISMISS
                else _("Say what was recorded in the register.")
            )
            raise ValidationError({field: [message]})
        else:
            locked.status = (
                Status.DISMISSED if action == Action.DISMISS else Status.RESOLVED
            )
        locked.resolution = note
        locked.resolved_by, locked.resolved_at = by, timezone.now()
        locked.save(
            update_fields=[
                "status",
                "resolution",
                "resolved_by",
                "resolved_at",
                "correction",
            ]
        )
        return locked


def possible_owners(item: ReconciliationItem):
    """Active users who may work on `item`: those serving its township with the right."""
    if item.township_id is None:
        return get_user_model().objects.none()
    users = (
        get_user_model()
        .objects.filter(is_active=True, townships=item.township_id)
        .order_by("username")
    )
    return [user for user in users if user.has_perm(CHANGE_PERMISSION)]


def assign_item(*, by, item: ReconciliationItem, owner) -> ReconciliationItem:
    """Give an open item to a user who serves its township (None takes it back)."""
    with transaction.atomic(), audit_context(user=by.pk, action="assign_item"):
        locked = _locked_open_item(by, item)
        if owner is not None and owner not in possible_owners(locked):
            raise ValidationError(
                {"owner": [_("Choose someone who serves this item's township.")]}
            )
        locked.owner = owner
        locked.save(update_fields=["owner"])
        if owner is not None and owner.pk != by.pk:
            notify(
                recipients=[owner],
                title=_("A reconciliation item was assigned to you."),
                body=str(locked),
                link=reverse("households:reconciliation-detail", args=[locked.pk]),
            )
        return locked


def place_item(*, by, item: ReconciliationItem, township) -> ReconciliationItem:
    """Put an open item no township was matched to into `township`, and tell its staff.

    Only bureau-wide users with the place permission; once placed, the township's staff
    decide it like any other item.
    """
    if not by.has_perm(PLACE_PERMISSION):
        raise PermissionDenied(_("You may not place items in a township."))
    with transaction.atomic(), audit_context(user=by.pk, action="place_item"):
        locked = ReconciliationItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != Status.OPEN or locked.township_id is not None:
            raise ValidationError(
                {"township": [_("Only an open item without a township can be placed.")]}
            )
        locked.township = township
        locked.save(update_fields=["township"])
        staff = possible_owners(locked)
        if staff:
            notify(
                recipients=staff,
                title=_("A reconciliation item was placed in your township."),
                body=str(locked),
                link=reverse("households:reconciliation-detail", args=[locked.pk]),
            )
        return locked
