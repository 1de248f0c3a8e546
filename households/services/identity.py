"""Reads of full ID numbers: every reveal and every search by number leaves an access event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bureau import crypto
from bureau.models import AccessEvent
from bureau.services import record_access
from households.models import Person

SUBJECT = "households.person"


@transaction.atomic
def reveal_id_number(*, by, person: Person, reason: str, request=None) -> str:
    """The person's full ID number, once the reason is logged.

    Raises PermissionDenied without the unmask permission and ValidationError without a
    reason; no event, no number.
    """
    if not by.has_perm("bureau.unmask_personal_data"):
        raise PermissionDenied(_("You may not see full ID numbers."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the full number is needed.")]})
    record_access(
        request=request,
        user=by,
        kind=AccessEvent.Kind.UNMASK,
        subject=SUBJECT,
        object_id=person.pk,
        reason=reason.strip(),
    )
    encrypted = person.id_number_encrypted
    return crypto.decrypt(encrypted) if encrypted else ""


def record_id_search(*, by, found: list[Person], request=None) -> None:
    """Log a search by full ID number: who and how many were found, never the number."""
    record_access(
        request=request,
        user=by,
        kind=AccessEvent.Kind.SEARCH,
        subject=SUBJECT,
        object_id=found[0].pk if len(found) == 1 else "",
        filters={"search": "ID number"},
        row_count=len(found),
    )
