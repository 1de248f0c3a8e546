"""Person pages: detail, reveal the ID number, add to a household, edit details."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bureau import scoping
from bureau.views_base import (
    add_service_errors,
    conflict_message,
    conflict_rows,
    visible_or_404,
)
from households import selectors, services
from households.counties import search_counties
from households.forms import PersonCreateForm, PersonEditForm, RevealIdForm
from households.models import Person
from households.plausibility import age_order_warnings
from households.views._common import warn_about_id
from households.views._display import describe_changes


def visible_person(user, pk: int) -> Person:
    """The person, or 404 when they are outside the user's townships."""
    return visible_or_404(
        selectors.visible_persons,
        user,
        pk=pk,
        related=("household__village__township", "mother", "father"),
    )


def _detail_context(request, person: Person, **extra) -> dict:
    corrections = list(
        selectors.visible_corrections(request.user)
        .filter(person=person)
        .select_related("raised_by", "decided_by")
    )
    describe_changes(corrections, user=request.user)
    for correction in corrections:
        correction.can_decide = services.may_approve_correction(
            request.user, correction
        )
        correction.can_withdraw = services.may_withdraw_correction(
            request.user, correction
        )
    migrant_records = selectors.visible_migrant_records(request.user).filter(
        person=person
    )
    can_unmask = request.user.has_perm("bureau.unmask_personal_data")
    return {
        "person": person,
        "corrections": corrections,
        "migrant_records": migrant_records,
        "reveal_form": RevealIdForm() if can_unmask else None,
        "can_unmask": can_unmask,
        **extra,
    }


@permission_required("households.view_person", raise_exception=True)
@scoping.scoped
def person_detail(request, pk: int):
    person = visible_person(request.user, pk)
    return render(
        request, "households/person_detail.html", _detail_context(request, person)
    )


@require_POST
@permission_required("households.view_person", raise_exception=True)
@scoping.scoped
def person_reveal_id(request, pk: int):
    """Show the full ID number once, after the user states why; the read is logged."""
    if not request.user.has_perm("bureau.unmask_personal_data"):
        raise PermissionDenied
    person = visible_person(request.user, pk)
    form = RevealIdForm(request.POST)
    full_number = ""
    if form.is_valid():
        full_number = services.reveal_id_number(
            by=request.user,
            person=person,
            reason=form.cleaned_data["reason"],
            request=request,
        )
    context = _detail_context(
        request, person, reveal_form=form, full_id_number=full_number
    )
    response = render(request, "households/person_detail.html", context)
    add_never_cache_headers(response)
    return response


@permission_required("households.add_person", raise_exception=True)
@scoping.scoped
def person_create(request, household_pk: int):
    """Add a person to a household; the service checks the ID number and derives facts."""
    household = visible_or_404(
        selectors.visible_households,
        request.user,
        pk=household_pk,
        related=("village",),
    )
    form = PersonCreateForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["sex"] = values["sex"] or None
        try:
            person = services.register_person(
                by=request.user, household=household, **values
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s added to household %(number)s.")
                % {"name": person.name, "number": household.number},
            )
            warn_about_id(request, person)
            warn_about_ages(request, person)
            return redirect("households:person-detail", pk=person.pk)
    return render(
        request,
        "households/person_form.html",
        {"form": form, "household": household, "person": None},
    )


def warn_about_ages(request, person: Person) -> None:
    """Show (never refuse) an age order that contradicts the relations recorded."""
    for warning in age_order_warnings(person):
        messages.warning(request, warning)


@permission_required("households.change_person", raise_exception=True)
@scoping.scoped
def person_edit(request, pk: int):
    """Edit the details that are not core facts; a stale version shows both sides."""
    person = visible_person(request.user, pk)
    context = {"person": person, "household": person.household, "conflict": None}
    if request.method != "POST":
        form = PersonEditForm(initial=PersonEditForm.initial_for(person), person=person)
        return render(request, "households/person_form.html", {**context, "form": form})

    form = PersonEditForm(request.POST, person=person)
    if form.is_valid():
        changes = {
            name: form.cleaned_data[name]
            for name in PersonEditForm.FIELDS
            if form.cleaned_data[name] != getattr(person, name)
        }
        try:
            saved = services.update_person(
                by=request.user,
                person=person,
                expected_version=form.cleaned_data["version"],
                **changes,
            )
        except services.ConflictError as conflict:
            current = conflict.current
            context["conflict"] = conflict_rows(form, current, PersonEditForm.FIELDS)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = PersonEditForm(data, person=current)
            form.is_valid()
            form.add_error(None, conflict_message())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Details saved."))
            warn_about_ages(request, saved)
            return redirect("households:person-detail", pk=person.pk)
    return render(request, "households/person_form.html", {**context, "form": form})


@require_GET
@permission_required("households.view_person", raise_exception=True)
@scoping.public
def county_lookup(request):
    """Counties matching the typed name or code, as <option>s for the form's datalist.

    The county table is public reference data (no resident data); the box sends its
    value under its own field name, so the first parameter is the query.
    """
    query = request.GET.get("q") or next(iter(request.GET.values()), "")
    return render(
        request,
        "households/_county_options.html",
        {"counties": search_counties(query[:50])},
    )
