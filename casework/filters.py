"""Case list filters shared by the pages and the API (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from bureau.scoping import visible_townships
from casework.models import Case


def _townships(request):
    return visible_townships(request.user).order_by("code") if request else None


class CaseFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Case.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Case.Status.choices, label=_("Status"))
    township = django_filters.ModelChoiceFilter(
        queryset=_townships, label=_("Township")
    )
    year = django_filters.NumberFilter(label=_("Year"))
    number = django_filters.CharFilter(lookup_expr="icontains", label=_("Case number"))
    title = django_filters.CharFilter(lookup_expr="icontains", label=_("Title"))
    opened_from = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="gte", label=_("Opened from")
    )
    opened_to = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="lte", label=_("Opened to")
    )
    mine = django_filters.BooleanFilter(
        method="handled_by_me", label=_("Handled by me")
    )

    class Meta:
        model = Case
        fields = ["kind", "status", "township", "year", "number", "title"]

    def handled_by_me(self, queryset, name, value):
        if value and self.request is not None:
            return queryset.filter(handlers=self.request.user)
        return queryset
