"""Base viewset: rows only from a `visible_*` selector, writes by role permission."""

from django.core.exceptions import ImproperlyConfigured
from rest_framework import viewsets


class ScopedViewSet(viewsets.GenericViewSet):
    """Every API viewset derives from this and implements get_queryset() with a selector.

    A class-level `queryset` would bypass the township rule, so it is refused.
    """

    access_scope = "scoped"
    queryset = None

    def get_queryset(self):
        raise ImproperlyConfigured(
            f"{type(self).__name__} must build its rows from a visible_* selector."
        )
