"""List filters shared by the check-up pages and the API (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bureau.scoping import visible_villages
from checkups.models import Campaign, Couple, Invitation, Visit


def _villages(request):
    return visible_villages(request.user).order_by("code") if request else None


class CampaignFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Campaign.Kind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(
        choices=Campaign.Status.choices, label=_("Status")
    )

    class Meta:
        model = Campaign
        fields = ["kind", "year", "status"]


class InvitationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Invitation.Status.choices, label=_("Status")
    )
    name = django_filters.CharFilter(method="by_name", label=_("Name"))

    class Meta:
        model = Invitation
        fields = ["status", "name"]

    def by_name(self, queryset, name, value):
        return queryset.filter(
            Q(person__name__contains=value)
            | Q(couple__woman__name__contains=value)
            | Q(couple__man__name__contains=value)
        )


class CoupleFilter(django_filters.FilterSet):
    village = django_filters.ModelChoiceFilter(queryset=_villages, label=_("Village"))
    status = django_filters.ChoiceFilter(
        choices=Couple.Status.choices, label=_("Status")
    )
    name = django_filters.CharFilter(method="by_name", label=_("Name"))

    class Meta:
        model = Couple
        fields = ["village", "status", "name"]

    def by_name(self, queryset, name, value):
        return queryset.filter(
            Q(woman__name__contains=value) | Q(man__name__contains=value)
        )


class VisitFilter(django_filters.FilterSet):
    """API: the visits of a campaign, complete or not."""

    campaign = django_filters.NumberFilter(
        field_name="invitation__campaign", label=_("Campaign")
    )
    complete = django_filters.BooleanFilter(method="by_complete", label=_("Complete"))

    class Meta:
        model = Visit
        fields = ["campaign", "complete"]

    def by_complete(self, queryset, name, value):
        signed = queryset.filter(examiner__isnull=False, verifier__isnull=False)
        return signed if value else queryset.exclude(pk__in=signed.values("pk"))
