"""What every app's HTML views share: the scope, pagination, service errors, conflicts.

The township rule reaches a page in one of two ways, both through a `visible_*`
selector:

    household = visible_or_404(selectors.visible_households, request.user, pk=pk)

    class HouseholdDetail(ScopedMixin, DetailView):
        selector = staticmethod(selectors.visible_households)
        permission_required = "households.view_household"

Another township's row answers 404, never 403 (its existence is not shown).
`tests/test_architecture.py` probes every URL that takes a key with such a row.
"""

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any, ClassVar, TypeVar

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

M = TypeVar("M", bound=Model)
Selector = Callable[[Any], QuerySet]
PAGE_SIZE = 50


def visible_or_404(
    selector: Callable[[Any], "QuerySet[M]"],
    user: Any,
    /,
    *,
    related: Iterable[str] = (),
    **lookup: Any,
) -> M:
    """The one row matching `lookup` among those `selector(user)` shows, else 404.

    `related` names relations to fetch with it (select_related). A key that does
    not parse (a letter for an integer id) is a 404 as well.
    """
    rows = selector(user)
    related = tuple(related)
    return one_or_404(rows.select_related(*related) if related else rows, **lookup)


def one_or_404(rows: "QuerySet[M]", /, **lookup: Any) -> M:
    """The one row of `rows` (already scoped by a selector) matching `lookup`, else 404."""
    try:
        return rows.get(**lookup)
    except (rows.model.DoesNotExist, ValueError, ValidationError):
        raise Http404(f"No {rows.model._meta.model_name} matches the query.") from None


class ScopedMixin(PermissionRequiredMixin):
    """A class-based view whose rows come from its `selector`, applied on every request.

    `get_queryset()` is `refine(selector(request.user))`; `get_object()` answers 404
    for another township's record. `permission_required` names the model permission
    the role must carry; unsafe methods additionally need `write_permission`
    (auditors carry only view permissions, so they get 403).
    """

    access_scope = "scoped"
    selector: ClassVar[Selector | None] = None
    write_permission: str | None = None
    raise_exception = True
    pk_url_kwarg = "pk"

    def get_permission_required(self):
        needed = list(super().get_permission_required())
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            if not self.write_permission:
                raise ImproperlyConfigured(
                    f"{type(self).__name__} needs write_permission."
                )
            needed.append(self.write_permission)
        return needed

    def get_queryset(self) -> QuerySet:
        selector = type(self).selector
        if selector is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} must name its visible_* selector."
            )
        return self.refine(selector(self.request.user))

    def refine(self, queryset: QuerySet) -> QuerySet:
        """Narrow or prefetch the selector's rows for this page."""
        return queryset

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        rows = self.get_queryset() if queryset is None else queryset
        return one_or_404(rows, pk=self.kwargs[self.pk_url_kwarg])


# --- pagination -------------------------------------------------------------------


class CappedPaginator(Paginator):
    """A paginator that never counts more than `cap` rows (COUNT over millions is slow).

    `capped` is true when there are more rows than the count shows ("10000+").
    """

    cap = 10_000
    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)


def paginate(request: Any, rows: QuerySet, *, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of `rows` (a bad or too-high page number shows the last)."""
    return CappedPaginator(rows, per_page).get_page(request.GET.get("page"))


def query_without_page(request: Any) -> str:
    """The request's query string without its page number, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- service errors and stale edits -------------------------------------------------


def add_service_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (others on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def field_display(form: Any, name: str, value: Any) -> str:
    """`value` of the form field `name` as the page shows it (choice label, list, —)."""
    field = form.fields[name]
    choices = getattr(field, "choices", None)
    if hasattr(field, "queryset"):
        return str(value) if value else "—"
    if choices:
        value = str(value or "")
        for key, label in choices:
            if str(key) == value:
                return str(label)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return str(value) if value not in (None, "") else "—"


def conflict_rows(form: Any, current: Any, names: Iterable[str]) -> list[dict]:
    """Rows of label / what the user entered / what the record holds now."""
    rows = []
    for name in names:
        mine_text = field_display(form, name, form.cleaned_data.get(name))
        theirs_text = field_display(form, name, getattr(current, name, None))
        rows.append(
            {
                "label": form.fields[name].label,
                "yours": mine_text,
                "current": theirs_text,
                "differs": mine_text != theirs_text,
            }
        )
    return rows


def conflict_message() -> str:
    return _(
        "Someone else changed this record while you were editing it. Nothing was "
        "saved. Compare your entries with the current data below; save again to "
        "replace the current data with yours."
    )
