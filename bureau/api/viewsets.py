"""Base viewset: rows only from a `visible_*` selector, writes by role permission.

    class HouseholdViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
        selector = staticmethod(selectors.visible_households)

        def refine(self, queryset):
            return queryset.select_related("village")

Every request's rows are `selector(request.user)`, narrowed by `refine()`; lists,
details, updates and custom actions (through `get_object()`) all start there, so
another township's row answers 404. `tests/test_architecture.py` probes every
route with another township's row.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from rest_framework import viewsets


class ScopedViewSet(viewsets.GenericViewSet):
    """Every API viewset derives from this and names its `selector`.

    A class-level `queryset` would bypass the township rule, so it is refused.
    `refine(queryset)` may only narrow the selector's rows (select_related,
    annotations, ordering, filters for the action).
    """

    access_scope = "scoped"
    queryset = None
    selector: ClassVar[Callable[[Any], QuerySet] | None] = None

    def get_queryset(self) -> QuerySet:
        selector = type(self).selector
        if selector is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} must name its visible_* selector "
                "(selector = staticmethod(selectors.visible_...))."
            )
        if self.queryset is not None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} must not set a class-level queryset."
            )
        return self.refine(selector(self.request.user))

    def refine(self, queryset: QuerySet) -> QuerySet:
        """Narrow or prefetch the selector's rows for this request."""
        return queryset
