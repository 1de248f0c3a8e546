"""Life events of a person: death, moving away or in, moving to another household.

A death and a change of household are core facts, so they go through a correction
that another person approves; moving away or in is recorded directly.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau import scoping
from bureau.views_base import add_service_errors, conflict_message
from households import services
from households.forms import DeathForm, MoveForm, MoveHouseholdForm
from households.models import MigrantRecord
from households.views.persons import visible_person

CORRECTION_RAISED = gettext_lazy(
    "The correction was raised and waits for approval; the record changes once it is "
    "approved."
)


def _render(request, person, form, *, title, intro, submit, status=200):
    return render(
        request,
        "households/person_action.html",
        {
            "person": person,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
        },
        status=status,
    )


def _correction_page(request, person, form, *, changes, title, intro):
    """Raise the correction `changes(cleaned_data)` names when the form is valid."""
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_correction(
                by=request.user,
                person=person,
                changes=changes(form.cleaned_data),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, CORRECTION_RAISED)
            return redirect("households:person-detail", pk=person.pk)
    return _render(
        request,
        person,
        form,
        title=title,
        intro=intro,
        submit=_("Raise the correction"),
    )


@permission_required("households.add_correction", raise_exception=True)
@scoping.scoped
def person_death(request, pk: int):
    person = visible_person(request.user, pk)
    form = DeathForm(request.POST or None)
    return _correction_page(
        request,
        person,
        form,
        changes=lambda data: {"is_alive": False, "died_on": data["died_on"]},
        title=_("Record a death"),
        intro=_(
            "A death changes a core fact: it is recorded as a correction and applied "
            "when another staff member approves it."
        ),
    )


def _move(request, pk: int, direction: str):
    person = visible_person(request.user, pk)
    form = MoveForm(request.POST or None, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        expected_version = values.pop("version")
        try:
            services.record_move(
                by=request.user,
                person=person,
                expected_version=expected_version,
                direction=direction,
                **values,
            )
        except services.ConflictError as conflict:
            data = request.POST.copy()
            data["version"] = str(conflict.current.version)
            form = MoveForm(data)
            form.is_valid()
            form.add_error(None, conflict_message())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Move recorded."))
            return redirect("households:person-detail", pk=person.pk)
    if direction == MigrantRecord.Direction.OUTFLOW:
        title, intro = (
            _("Record a move away"),
            _("The person moved away for work or to live elsewhere (流出)."),
        )
    else:
        title, intro = (
            _("Record a move in"),
            _("The person moved in from another county (流入)."),
        )
    return _render(request, person, form, title=title, intro=intro, submit=_("Save"))


@permission_required("households.add_migrantrecord", raise_exception=True)
@scoping.scoped
def person_move_away(request, pk: int):
    return _move(request, pk, MigrantRecord.Direction.OUTFLOW)


@permission_required("households.add_migrantrecord", raise_exception=True)
@scoping.scoped
def person_move_in(request, pk: int):
    return _move(request, pk, MigrantRecord.Direction.INFLOW)


@permission_required("households.add_correction", raise_exception=True)
@scoping.scoped
def person_move_household(request, pk: int):
    """Move to another household the user can see; applied once a correction is approved."""
    person = visible_person(request.user, pk)
    initial = {"village": person.household.village_id} if person.household else {}
    form = MoveHouseholdForm(
        request.POST or None, initial=initial, user=request.user, person=person
    )
    return _correction_page(
        request,
        person,
        form,
        changes=lambda data: {"household": data["household"]},
        title=_("Move to another household"),
        intro=_(
            "Choose the household by its number. The move is a correction of a core "
            "fact and is applied when another staff member approves it."
        ),
    )
