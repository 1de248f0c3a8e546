"""List filters shared by the pages and the API (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from bureau.scoping import visible_villages
from incentives.models import Application, Entitlement, PayoutBatch, Scheme


def _villages(request):
    return visible_villages(request.user).order_by("code") if request else None


class ApplicationFilter(django_filters.FilterSet):
    scheme = django_filters.ModelChoiceFilter(
        queryset=Scheme.objects.all(), label=_("Scheme")
    )
    status = django_filters.ChoiceFilter(
        choices=Application.Status.choices, label=_("Status")
    )
    village = django_filters.ModelChoiceFilter(queryset=_villages, label=_("Village"))
    year = django_filters.NumberFilter(label=_("Year"))
    name = django_filters.CharFilter(
        field_name="person__name", lookup_expr="contains", label=_("Name")
    )

    class Meta:
        model = Application
        fields = ["scheme", "status", "village", "year", "name"]


class EntitlementFilter(django_filters.FilterSet):
    scheme = django_filters.ModelChoiceFilter(
        queryset=Scheme.objects.all(), label=_("Scheme")
    )
    status = django_filters.ChoiceFilter(
        choices=Entitlement.Status.choices, label=_("Status")
    )
    village = django_filters.ModelChoiceFilter(queryset=_villages, label=_("Village"))
    name = django_filters.CharFilter(
        field_name="person__name", lookup_expr="contains", label=_("Name")
    )

    class Meta:
        model = Entitlement
        fields = ["scheme", "status", "village", "name"]


class BatchFilter(django_filters.FilterSet):
    scheme = django_filters.ModelChoiceFilter(
        queryset=Scheme.objects.all(), label=_("Scheme")
    )
    status = django_filters.ChoiceFilter(
        choices=PayoutBatch.Status.choices, label=_("Status")
    )
    period = django_filters.CharFilter(label=_("Period"))

    class Meta:
        model = PayoutBatch
        fields = ["scheme", "status", "period"]
