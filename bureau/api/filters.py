"""The filter backend of every API list: a filter answers 400 to a value it cannot read.

django-filter reads a filter on an integer column as a decimal (`?year=1.5`),
and ignores a boolean or choice it cannot read (`?is_alive=7`, `?kind=`), so
the list came back unfiltered while the schema promised an integer, a boolean
or one of the choices; with this backend such a value answers 400 naming the
filter. Text filters still take any text.
"""

from django import forms
from django.db import models
from django_filters import NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet
from rest_framework.exceptions import ValidationError

from bureau.filters import unreadable

_WHOLE_NUMBER_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)


class WholeNumberFilter(NumberFilter):
    field_class = forms.IntegerField


class FilterSet(RestFilterSet):
    """Base of generated filter sets (`filterset_fields`) and of apps' own ones."""

    FILTER_DEFAULTS = {
        **RestFilterSet.FILTER_DEFAULTS,
        **{
            field: {"filter_class": WholeNumberFilter} for field in _WHOLE_NUMBER_FIELDS
        },
    }


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, strict: an unreadable filter value is a 400, not ignored."""

    filterset_base = FilterSet

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None and filterset.is_valid():
            errors = unreadable(filterset, request.query_params)
            if errors:
                raise ValidationError(errors)
        return filterset
