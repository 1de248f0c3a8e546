"""The filter backend of every API list: a filter on a whole-number column takes only whole numbers.

django-filter reads a filter on an integer column as a decimal, so `?year=1.5`
or `?year=true` was quietly ignored or matched nothing while the schema says
"integer"; with this backend such a value answers 400 naming the filter.
"""

from django import forms
from django.db import models
from django_filters import NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet

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
    filterset_base = FilterSet
