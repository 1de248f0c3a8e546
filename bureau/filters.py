"""The one list-filter idiom: django-filter FilterSets, shared by a list page and its API.

    class CorrectionFilter(FilterSet):
        status = django_filters.ChoiceFilter(choices=Correction.Status.choices)
        person = django_filters.NumberFilter(field_name="person_id")
        page_hidden = ("person",)  # API only: not a field of the page's filter form

    # the API viewset
    filterset_class = CorrectionFilter
    # the page
    filters, rows = filter_list(CorrectionFilter, request, selectors.visible_corrections(user))
    render(..., {"form": filters.form, "query": filters.query, ...})

The queryset handed in is already scoped by a visible_* selector: a filter only narrows it.
The page renders `form` with partials/_filters.html and keeps `query` in its page links.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import django_filters
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _


class FilterSet(django_filters.FilterSet):
    """Base of every app's filter sets.

    `page_hidden` names filters the API offers but the page's form leaves out;
    `user` is the acting user (the request's, or given outright by an export job).
    """

    page_hidden: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.user = user if user is not None else getattr(request, "user", None)

    def for_page(self) -> "FilterSet":
        """Drop the API-only filters from the form (before it is first built)."""
        for name in self.page_hidden:
            self.filters.pop(name, None)
        return self

    def values(self) -> dict[str, Any]:
        """The filters applied, by name, as JSON can hold them (an export logs them).

        Empty ones are left out, a model row is given by its key and a number filter's
        Decimal as the integer or text it was typed as.
        """
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            name: _plain(value)
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", [], ())
        }

    @property
    def query(self) -> str:
        """The applied filters URL-encoded, for page links that keep them."""
        return urlencode(self.values())

    def qs_without(self, *names: str) -> QuerySet:
        """The rows narrowed by every valid filter except `names` (counts per kind)."""
        rows = self.queryset.all()
        if self.is_bound:
            self.errors  # noqa: B018 (validates the form)
            for name, value in self.form.cleaned_data.items():
                if name not in names:
                    rows = self.filters[name].filter(rows, value)
        return rows


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


def unreadable(filterset: django_filters.FilterSet, params) -> dict[str, list[str]]:
    """Filters given a value they cannot read (or none), which django-filter ignores.

    django-filter drops a boolean or choice it cannot read (`?is_alive=7`, `?kind=`)
    and returns the rows unfiltered; an API answer or an export must refuse instead.
    Text filters read any text, the empty text too. Call after `is_valid()`.
    """
    errors = {}
    cleaned = getattr(filterset.form, "cleaned_data", {})
    for name, filter_ in filterset.filters.items():
        if name not in params or isinstance(filter_, django_filters.CharFilter):
            continue
        given = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
        value = cleaned.get(name)
        if "" in given or value in (None, "", [], ()):
            errors[name] = [
                _("Give a value this filter can read, or leave the filter out.")
            ]
    return errors


def filter_list(
    filterset_class: type[FilterSet],
    request: Any,
    queryset: QuerySet,
    *,
    default: Mapping[str, str] | None = None,
) -> tuple[FilterSet, QuerySet]:
    """A page's filter set over `queryset` from the query string, and the rows it keeps.

    `default` is the filter a page opens with when the query string is empty (a
    queue shows its open items).
    """
    data = request.GET or default or None
    filters = filterset_class(data, queryset=queryset, request=request).for_page()
    return filters, filters.qs
