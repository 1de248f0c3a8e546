"""The register's list filters (django-filter), shared by its pages, its API and its export.

Every queryset they narrow comes from a visible_* selector; a filter never widens it.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from bureau import scoping
from bureau.filters import FilterSet
from bureau.models import Village
from households import selectors
from households.models import (
    Correction,
    DataQualityIssue,
    Household,
    MigrantRecord,
    Person,
    ReconciliationItem,
    SourceBatch,
)

OPEN, RESOLVED = "open", "resolved"
UNPLACED = "none"
ME = "me"


def _villages(request):
    if request is None:
        return Village.objects.none()
    return scoping.visible_villages(request.user).order_by("code")


def _township_choices(user, *extra) -> list[tuple[str, str]]:
    return [*extra, *scoping.visible_townships(user).values_list("code", "name")]


def _sees_every_township(user) -> bool:
    return bool(user and user.has_perm("bureau.view_all_townships"))


class HouseholdFilter(FilterSet):
    village = django_filters.ModelChoiceFilter(
        queryset=_villages,
        label=_("Village or community"),
        empty_label=_("All villages"),
    )
    number = django_filters.CharFilter(
        lookup_expr="startswith", label=_("Household number"), max_length=30
    )
    address = django_filters.CharFilter(
        lookup_expr="contains", label=_("Address"), max_length=100
    )
    township = django_filters.CharFilter(
        field_name="village__township_id", label=_("Township")
    )
    page_hidden = ("township",)

    class Meta:
        model = Household
        fields = ["village", "number", "address", "township"]


class PersonFilter(FilterSet):
    """The API's person list and the register export (a whole ID number is refused)."""

    village = django_filters.CharFilter(
        field_name="household__village_id", label=_("Village or community")
    )
    township = django_filters.CharFilter(
        field_name="household__village__township_id", label=_("Township")
    )
    household = django_filters.NumberFilter(
        field_name="household_id", label=_("Household")
    )
    residence_status = django_filters.ChoiceFilter(
        choices=Person.ResidenceStatus.choices, label=_("Residence status")
    )
    is_alive = django_filters.BooleanFilter(label=_("Alive"), widget=BooleanWidget)
    search = django_filters.CharFilter(
        method="filter_search",
        label="Name, pinyin, pinyin initials or a full ID number",
    )

    class Meta:
        model = Person
        fields = ["village", "township", "household", "residence_status", "is_alive"]

    def filter_search(self, queryset, name, value):
        return queryset & selectors.search_persons(self.user, value)


class ExportPersonFilter(PersonFilter):
    """PersonFilter for the export, which also reads `q` as the search page names it."""

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))


class MigrantRecordFilter(FilterSet):
    person = django_filters.NumberFilter(field_name="person_id", label=_("Person"))
    direction = django_filters.ChoiceFilter(
        choices=MigrantRecord.Direction.choices, label=_("Direction")
    )
    county_code = django_filters.CharFilter(label=_("County code"))

    class Meta:
        model = MigrantRecord
        fields = ["person", "direction", "county_code"]


class CorrectionFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Correction.Status.choices, label=_("Status"), empty_label=_("All")
    )
    source = django_filters.ChoiceFilter(
        choices=Correction.Source.choices, label=_("Source"), empty_label=_("All")
    )
    person = django_filters.NumberFilter(field_name="person_id", label=_("Person"))
    waiting = django_filters.ChoiceFilter(
        choices=[(ME, _("Waiting for me"))],
        label=_("Waiting"),
        empty_label=_("All"),
        method="filter_waiting",
    )
    page_hidden = ("person",)

    class Meta:
        model = Correction
        fields = ["status", "source", "person"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing ever waits for a user who cannot decide a correction.
        if not (self.user and self.user.has_perm("households.approve_correction")):
            self.filters.pop("waiting")

    def filter_waiting(self, queryset, name, value):
        """Only those the user may decide: pending and raised by someone else."""
        return selectors.waiting_for(queryset, self.user) if value == ME else queryset


class QualityIssueFilter(FilterSet):
    """Kind, open or resolved; the township too for users who see every township."""

    kind = django_filters.ChoiceFilter(
        choices=DataQualityIssue.Kind.choices, label=_("Kind"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=[(OPEN, _("Open")), (RESOLVED, _("Resolved"))],
        method="filter_status",
        label=_("Status"),
        empty_label=_("All"),
    )
    township = django_filters.ChoiceFilter(
        field_name="township_id", label=_("Township"), empty_label=_("All")
    )

    class Meta:
        model = DataQualityIssue
        fields = ["kind", "status", "township"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if _sees_every_township(self.user):
            self.filters["township"].extra["choices"] = _township_choices(self.user)
        else:
            del self.filters["township"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(resolved_on__isnull=value == OPEN)


class ReconciliationItemFilter(FilterSet):
    """Kind, status, source file and batch; the township for bureau-wide roles."""

    kind = django_filters.ChoiceFilter(
        choices=ReconciliationItem.Kind.choices, label=_("Kind"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=ReconciliationItem.Status.choices,
        label=_("Status"),
        empty_label=_("All"),
    )
    source = django_filters.ChoiceFilter(
        field_name="batch__source",
        choices=SourceBatch.Source.choices,
        label=_("Source"),
        empty_label=_("All"),
    )
    township = django_filters.ChoiceFilter(
        method="filter_township", label=_("Township"), empty_label=_("All")
    )
    batch = django_filters.NumberFilter(field_name="batch_id", widget=forms.HiddenInput)

    class Meta:
        model = ReconciliationItem
        fields = ["kind", "status", "source", "township", "batch"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if _sees_every_township(self.user):
            self.filters["township"].extra["choices"] = _township_choices(
                self.user, (UNPLACED, _("Not placed"))
            )
        else:
            del self.filters["township"]

    def filter_township(self, queryset, name, value):
        if value == UNPLACED:
            return queryset.filter(township__isnull=True)
        return queryset.filter(township_id=value)
