"""Registering a family: the household and its members on one page, saved together."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from bureau import scoping
from bureau.views_base import add_service_errors
from households import services
from households.forms.family import (
    FamilyHouseholdForm,
    MemberFormSet,
    autofocus_first_error,
    error_summary,
)
from households.plausibility import family_warnings
from households.views._common import warn_about_id

# The village of the last family a clerk registered: the next one is usually there too.
LAST_VILLAGE = "households.family.village"
PREFIX = "members"


@permission_required(
    ["households.add_household", "households.add_person"], raise_exception=True
)
@scoping.scoped
def family_create(request):
    """One form for the household and its members; all are saved or none."""
    initial = {}
    if request.session.get(LAST_VILLAGE):
        initial["village"] = request.session[LAST_VILLAGE]
    data = request.POST if request.method == "POST" else None
    household_form = FamilyHouseholdForm(data, user=request.user, initial=initial)
    members = MemberFormSet(data, prefix=PREFIX)
    if data is not None and all([household_form.is_valid(), members.is_valid()]):
        try:
            family = services.register_family(
                by=request.user,
                household=household_form.cleaned_data,
                members=members.service_rows(),
            )
        except services.FamilyError as refused:
            _show_refusal(household_form, members, refused)
        else:
            return _registered(request, family)
    autofocus_first_error([household_form, *members.forms])
    return render(
        request,
        "households/family_form.html",
        {
            "household_form": household_form,
            "members": members,
            "errors": error_summary(household_form, members),
        },
    )


def _show_refusal(household_form, members, refused) -> None:
    if refused.household is not None:
        add_service_errors(household_form, refused.household)
    for index, error in refused.members.items():
        add_service_errors(members.forms[index], error)


def _registered(request, family):
    household = family.household
    request.session[LAST_VILLAGE] = household.village_id
    count = len(family.members)
    messages.success(
        request,
        ngettext(
            "Household %(number)s registered with %(count)d member.",
            "Household %(number)s registered with %(count)d members.",
            count,
        )
        % {"number": household.number, "count": count},
    )
    for person in family.members:
        warn_about_id(request, person)
    for warning in family_warnings(family.members):
        messages.warning(request, warning)
    return redirect("households:household-detail", pk=household.pk)
