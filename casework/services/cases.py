"""Opening a case with its number, naming its handlers, reading its sealed reporter."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import crypto
from bureau.models import AccessEvent, Township, User
from bureau.roles import Role
from bureau.scoping import townships_for
from bureau.services import notify, record_access
from casework.models import Case, CaseCounter, CaseEvent
from casework.services.timing import case_link, start_limits
from casework.workflow import INITIAL, NUMBER_CODES, Kind, Status, allowed_from

SUBJECT = "casework.case"


def _require(by: User, perm: str, message: str) -> None:
    if not by.has_perm(perm):
        raise PermissionDenied(message)


def _require_township(by: User, township: Township) -> None:
    if not townships_for(by).filter(pk=township.pk).exists():
        raise PermissionDenied(
            _("You do not serve %(township)s.") % {"township": township}
        )


def next_serial(*, kind: str, year: int) -> int:
    """The next gapless serial of `kind` in `year`; the counter row stays locked to commit."""
    CaseCounter.objects.bulk_create(
        [CaseCounter(kind=kind, year=year, last=0)], ignore_conflicts=True
    )
    counter = CaseCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def format_number(*, kind: str, year: int, serial: int) -> str:
    return f"{year}-{NUMBER_CODES[kind]}-{serial:04d}"


@transaction.atomic
def open_case(
    *,
    by: User,
    kind: str,
    township: Township,
    title: str,
    summary: str = "",
    reporter: str = "",
    handlers: Iterable[User] = (),
    opened_on: dt.date | None = None,
) -> Case:
    """Register a lead, an allegation or a petition with the next number of its kind and year.

    The reporter's identity (name and contact) is sealed: encrypted, never on the
    timeline, the audit trail or the API.
    """
    _require(by, "casework.add_case", _("You may not open cases."))
    _require_township(by, township)
    if kind not in Kind.values:
        raise ValidationError(
            {"kind": _("Unknown kind of case: %(kind)s") % {"kind": kind}}
        )
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the case a title.")})
    opened_on = opened_on or timezone.localdate()
    serial = next_serial(kind=kind, year=opened_on.year)
    case = Case(
        kind=kind,
        year=opened_on.year,
        serial=serial,
        number=format_number(kind=kind, year=opened_on.year, serial=serial),
        township=township,
        title=title.strip(),
        summary=summary.strip(),
        status=INITIAL[kind],
        opened_on=opened_on,
        reporter_encrypted=crypto.encrypt(reporter.strip()) if reporter.strip() else "",
        created_by=by,
    )
    case.full_clean(exclude=["township", "created_by", "merged_into"])
    case.save()
    _check_handlers(case, handlers)
    case.handlers.set(handlers)
    CaseEvent.objects.create(
        case=case,
        type=CaseEvent.Type.OPENED,
        to_status=case.status,
        on=opened_on,
        by=by,
    )
    start_limits(case, status=case.status, on=opened_on, by=by)
    return case


def _check_handlers(case: Case, handlers: Iterable[User]) -> None:
    for user in handlers:
        if (
            not user.is_active
            or not user.townships.filter(pk=case.township_id).exists()
        ):
            raise ValidationError(
                {
                    "handlers": _("%(user)s does not serve %(township)s.")
                    % {
                        "user": user.full_name or user.username,
                        "township": case.township,
                    }
                }
            )


@transaction.atomic
def set_handlers(*, by: User, case: Case, handlers: Iterable[User]) -> Case:
    """Name the officers handling the case (staff serving its township)."""
    _require(by, "casework.change_case", _("You may not change cases."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_township(by, case.township)
    handlers = list(handlers)
    _check_handlers(case, handlers)
    case.handlers.set(handlers)
    names = ", ".join(sorted(u.full_name or u.username for u in handlers))
    CaseEvent.objects.create(case=case, type=CaseEvent.Type.HANDLERS, note=names, by=by)
    return case


@transaction.atomic
def reveal_reporter(*, by: User, case: Case, reason: str, request=None) -> str:
    """The sealed reporter of `case`, for one of its handlers, once the reason is logged.

    Anyone else (another handler, a chief, an auditor) is refused; no event, no identity.
    """
    if (
        not by.has_perm("casework.reveal_reporter")
        or not case.handlers.filter(pk=by.pk).exists()
    ):
        raise PermissionDenied(
            _("Only the handlers of this case may see its reporter.")
        )
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": [_("Say why the reporter's identity is needed.")]}
        )
    record_access(
        request=request,
        user=by,
        kind=AccessEvent.Kind.UNMASK,
        subject=SUBJECT,
        object_id=case.pk,
        reason=reason.strip(),
    )
    CaseEvent.objects.create(
        case=case, type=CaseEvent.Type.REPORTER_VIEWED, note=reason.strip(), by=by
    )
    return crypto.decrypt(case.reporter_encrypted) if case.reporter_encrypted else ""


@transaction.atomic
def add_note(*, by: User, case: Case, note: str) -> CaseEvent:
    """A line on the case's timeline (a call, a visit, a document received)."""
    _require(by, "casework.change_case", _("You may not change cases."))
    _require_township(by, case.township)
    if not (note or "").strip():
        raise ValidationError({"note": [_("Write the note.")]})
    return CaseEvent.objects.create(
        case=case, type=CaseEvent.Type.NOTE, note=note.strip(), by=by
    )


def may_request_extension(user: User, case: Case) -> bool:
    return (
        user.has_perm("casework.change_case")
        and townships_for(user).filter(pk=case.township_id).exists()
        and Status.EXTENDED in allowed_from(case.kind, case.status)
        and not case.timeline.filter(type=CaseEvent.Type.EXTENSION_REQUESTED).exists()
    )


@transaction.atomic
def request_extension(*, by: User, case: Case, reason: str) -> CaseEvent:
    """Ask the head of the bureau to extend a petition's 60 days (信访工作条例 art. 35).

    The chief approves by moving the case to "extended" with the reason; chiefs are told.
    """
    _require(by, "casework.change_case", _("You may not change cases."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_township(by, case.township)
    if Status.EXTENDED not in allowed_from(case.kind, case.status):
        raise ValidationError(
            {"status": [_("Only a petition being handled can be extended.")]}
        )
    if case.timeline.filter(type=CaseEvent.Type.EXTENSION_REQUESTED).exists():
        raise ValidationError(
            {"status": [_("An extension was already requested for this case.")]}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the extension.")]})
    event = CaseEvent.objects.create(
        case=case,
        type=CaseEvent.Type.EXTENSION_REQUESTED,
        note=reason.strip(),
        by=by,
    )
    chiefs = User.objects.filter(is_active=True, role=Role.CHIEF)
    notify(
        recipients=[
            user for user in chiefs if user.has_perm("casework.approve_extension")
        ],
        title=_("Extension requested: %(number)s") % {"number": case.number},
        body=reason.strip(),
        link=case_link(case),
    )
    return event
