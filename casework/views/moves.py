"""What a user does on a case page: move it, name handlers, note, attach, see the reporter."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau import scoping
from bureau.attachment_views import attach_from_form
from casework import selectors, services
from casework.forms import HandlersForm, MoveForm, NoteForm, RevealForm
from casework.models import Case
from casework.services.transitions import LEDGER_MOVES
from casework.views._common import case_of, form_errors_as_messages, run_service
from casework.workflow import NOTE_REQUIRED, Kind, Status, allowed_from


def moves_for(user, case: Case) -> list[dict]:
    """The moves the case's machine allows now, as the buttons this user may press.

    A 两非 case is decided and served through its ledger forms, not a bare move.
    """
    moves = []
    for to in allowed_from(case.kind, case.status):
        if not services.may_move(user, case, to):
            continue
        if case.kind == Kind.LIANGFEI and to in LEDGER_MOVES:
            continue
        moves.append(
            {
                "to": to,
                "label": Status(to).label,
                "note_required": to in NOTE_REQUIRED,
                "outcome": case.kind == Kind.PETITION and to == Status.OPINION_ISSUED,
                "satisfaction": case.kind == Kind.PETITION
                and to == Status.CLOSED
                and case.status != Status.TRANSFERRED_OUT,
                "close_reason": case.kind == Kind.PETITION and to == Status.CLOSED,
                "merge": to == Status.MERGED,
            }
        )
    return moves


@require_POST
@permission_required("casework.transition_case", raise_exception=True)
@scoping.scoped
def case_move(request, pk: int):
    """Move the case; a refusal names the current state and the allowed ones."""
    case = case_of(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose where the case moves to."))
        return redirect("casework:case-detail", pk=pk)
    data = form.cleaned_data
    merged_into = None
    if data["merged_into"]:
        merged_into = (
            selectors.visible_cases(request.user)
            .filter(number=data["merged_into"].strip())
            .first()
        )
    moved = run_service(
        request,
        lambda: services.move_case(
            by=request.user,
            case=case,
            to=data["to"],
            note=data["note"],
            outcome=data["outcome"],
            satisfaction=data["satisfaction"],
            close_reason=data["close_reason"],
            merged_into=merged_into,
        ),
    )
    if moved:
        messages.success(
            request,
            _("%(number)s is now %(status)s.")
            % {"number": case.number, "status": Status(data["to"]).label},
        )
    return redirect("casework:case-detail", pk=pk)


@require_POST
@permission_required("casework.change_case", raise_exception=True)
@scoping.scoped
def case_handlers(request, pk: int):
    """Name the officers handling the case (staff serving its township)."""
    case = case_of(request, pk)
    form = HandlersForm(request.POST, user=request.user)
    if not form.is_valid():
        form_errors_as_messages(request, form)
    elif run_service(
        request,
        lambda: services.set_handlers(
            by=request.user, case=case, handlers=list(form.cleaned_data["handlers"])
        ),
    ):
        messages.success(request, _("Handlers saved."))
    return redirect("casework:case-detail", pk=pk)


@require_POST
@permission_required("casework.change_case", raise_exception=True)
@scoping.scoped
def case_note(request, pk: int):
    """A note on the timeline (an extension request is a note the chief reads)."""
    case = case_of(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the note first."))
    elif run_service(
        request,
        lambda: services.add_note(
            by=request.user, case=case, note=form.cleaned_data["note"]
        ),
    ):
        messages.success(request, _("Note added."))
    return redirect("casework:case-detail", pk=pk)


@require_POST
@permission_required("casework.change_case", raise_exception=True)
@scoping.scoped
def case_attach(request, pk: int):
    """A file on the case (checked by content; downloads go through the core, logged)."""
    case = case_of(request, pk)
    form, attachment = attach_from_form(request, to=case, township=case.township)
    if attachment is None:
        form_errors_as_messages(request, form)
    else:
        messages.success(
            request, _("%(name)s attached.") % {"name": attachment.original_name}
        )
    return redirect("casework:case-detail", pk=pk)


@require_POST
@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def reporter_reveal(request, pk: int):
    """The sealed reporter, for one of the case's handlers, once the reason is logged."""
    case = case_of(request, pk)
    form = RevealForm(request.POST)
    seen = {}
    if form.is_valid():
        run_service(
            request,
            lambda: seen.update(
                reporter=services.reveal_reporter(
                    by=request.user,
                    case=case,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            ),
        )
    else:
        messages.error(request, _("Say why the reporter's identity is needed."))
    if "reporter" not in seen:
        return redirect("casework:case-detail", pk=pk)
    response = render(
        request,
        "casework/reporter.html",
        {"case": case, "reporter": seen["reporter"]},
    )
    add_never_cache_headers(response)
    return response
