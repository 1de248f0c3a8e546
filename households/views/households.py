"""Household pages: list, detail, create, edit."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bureau import scoping
from bureau.filters import filter_list
from bureau.views_base import (
    add_service_errors,
    conflict_message,
    conflict_rows,
    paginate,
    visible_or_404,
)
from households import selectors, services
from households.filters import HouseholdFilter
from households.forms import HouseholdCreateForm, HouseholdEditForm
from households.models import Person

EDITABLE = ("number", "address", "grid_cell", "grid_staff", "head")


@permission_required("households.view_household", raise_exception=True)
@scoping.scoped
def household_list(request):
    """Households the user may see, filtered by village, number and address."""
    filters, households = filter_list(
        HouseholdFilter, request, selectors.visible_households(request.user)
    )
    households = (
        households.select_related("village", "head")
        .annotate(member_count=Count("members", filter=Q(members__is_alive=True)))
        .order_by("village__code", "number", "pk")
    )
    return render(
        request,
        "households/household_list.html",
        {
            "form": filters.form,
            "page": paginate(request, households),
            "query": filters.query,
        },
    )


@permission_required("households.view_household", raise_exception=True)
@scoping.scoped
def household_detail(request, pk: int):
    household = visible_or_404(
        selectors.visible_households,
        request.user,
        pk=pk,
        related=("village__township", "head", "grid_staff"),
    )
    members = household.members.order_by(
        Case(
            When(relation_to_head=Person.Relation.HEAD, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "birth_date",
        "pk",
    )
    return render(
        request,
        "households/household_detail.html",
        {"household": household, "members": members},
    )


@permission_required("households.add_household", raise_exception=True)
@scoping.scoped
def household_create(request):
    form = HouseholdCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.register_household(
                by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Household %(number)s registered.") % {"number": household.number},
            )
            return redirect("households:household-detail", pk=household.pk)
    return render(
        request,
        "households/household_form.html",
        {"form": form, "household": None},
    )


@permission_required("households.change_household", raise_exception=True)
@scoping.scoped
def household_edit(request, pk: int):
    """Edit with the version the user loaded; a stale version shows both sides."""
    household = visible_or_404(
        selectors.visible_households, request.user, pk=pk, related=("village", "head")
    )
    context = {"household": household, "conflict": None}
    if request.method != "POST":
        form = HouseholdEditForm(
            initial=HouseholdEditForm.initial_for(household),
            user=request.user,
            household=household,
        )
        return render(
            request, "households/household_form.html", {**context, "form": form}
        )

    form = HouseholdEditForm(request.POST, user=request.user, household=household)
    if form.is_valid():
        changes = {
            name: form.cleaned_data[name]
            for name in EDITABLE
            if form.cleaned_data[name] != getattr(household, name)
        }
        try:
            services.update_household(
                by=request.user,
                household=household,
                expected_version=form.cleaned_data["version"],
                **changes,
            )
        except services.ConflictError as conflict:
            current = conflict.current
            context["conflict"] = conflict_rows(form, current, EDITABLE)
            form = _rebound(request, current, user=request.user, household=current)
            form.add_error(None, conflict_message())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Household saved."))
            return redirect("households:household-detail", pk=household.pk)
    return render(request, "households/household_form.html", {**context, "form": form})


def _rebound(request, current, **kwargs) -> HouseholdEditForm:
    """The user's entries again, now based on the current version."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = HouseholdEditForm(data, **kwargs)
    form.is_valid()
    return form
