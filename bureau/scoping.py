"""Who may see what: township staff see records of their own townships only.

This module is the single home of that rule. Each app applies it in its
`visible_*` selectors; HTML views and API viewsets fetch rows only through
those selectors (`bureau.views_base.visible_or_404` and `ScopedMixin`,
`bureau.api.viewsets.ScopedViewSet`, each applying a `selector`), so another
township's record answers 404. `tests/test_architecture.py` asks every URL that
takes a key for another township's row and fails unless it answers like a missing one.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet

from bureau.models import Township, Village

QS = TypeVar("QS", bound=QuerySet[Any])
View = TypeVar("View", bound=Callable[..., Any])


def townships_for(user: Any) -> QuerySet[Township]:
    """Townships whose records `user` may see: all for bureau-wide roles, none for anonymous."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Township.objects.none()
    if user.has_perm("bureau.view_all_townships"):
        return Township.objects.all()
    return Township.objects.filter(staff=user)


def within_townships(queryset: QS, user: Any, *, via: str) -> QS:
    """Keep the rows whose township, reached by the lookup `via`, `user` may see."""
    if (
        user.is_authenticated
        and user.is_active
        and user.has_perm("bureau.view_all_townships")
    ):
        return queryset
    return queryset.filter(**{f"{via}__in": townships_for(user).values("code")})


def visible_townships(user: Any) -> QuerySet[Township]:
    """Townships `user` may see."""
    return townships_for(user)


def visible_villages(user: Any) -> QuerySet[Village]:
    """Villages in the townships `user` may see."""
    return within_townships(
        Village.objects.select_related("township"), user, via="township"
    )


def scoped(view: View) -> View:
    """Mark a function view that reads only through `visible_*` selectors."""
    view.access_scope = "scoped"  # type: ignore[attr-defined]
    return view


def public(view: View) -> View:
    """Mark a function view that shows no resident data (login, health, help)."""
    view.access_scope = "public"  # type: ignore[attr-defined]
    return view
