"""Query filters of the register's API."""

import django_filters

from households import selectors
from households.models import Correction, Household, MigrantRecord, Person


class HouseholdFilter(django_filters.FilterSet):
    village = django_filters.CharFilter(field_name="village_id")
    township = django_filters.CharFilter(field_name="village__township_id")
    number = django_filters.CharFilter()

    class Meta:
        model = Household
        fields = ["village", "township", "number"]


class PersonFilter(django_filters.FilterSet):
    village = django_filters.CharFilter(field_name="household__village_id")
    township = django_filters.CharFilter(field_name="household__village__township_id")
    household = django_filters.NumberFilter(field_name="household_id")
    residence_status = django_filters.ChoiceFilter(
        choices=Person.ResidenceStatus.choices
    )
    is_alive = django_filters.BooleanFilter()
    search = django_filters.CharFilter(
        method="filter_search",
        label="Name, pinyin, pinyin initials or a full ID number",
    )

    class Meta:
        model = Person
        fields = ["village", "township", "household", "residence_status", "is_alive"]

    def filter_search(self, queryset, name, value):
        return queryset & selectors.search_persons(self.request.user, value)


class MigrantRecordFilter(django_filters.FilterSet):
    person = django_filters.NumberFilter(field_name="person_id")
    direction = django_filters.ChoiceFilter(choices=MigrantRecord.Direction.choices)
    county_code = django_filters.CharFilter()

    class Meta:
        model = MigrantRecord
        fields = ["person", "direction", "county_code"]


class CorrectionFilter(django_filters.FilterSet):
    person = django_filters.NumberFilter(field_name="person_id")
    status = django_filters.ChoiceFilter(choices=Correction.Status.choices)
    source = django_filters.ChoiceFilter(choices=Correction.Source.choices)

    class Meta:
        model = Correction
        fields = ["person", "status", "source"]
