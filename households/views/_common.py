"""Helpers the register's views share: capped pagination, service errors, conflicts."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

PAGE_SIZE = 50


class CappedPaginator(Paginator):
    """A paginator that never counts more than `cap` rows (COUNT over millions is slow).

    `capped` is true when there are more rows than the count shows ("10000+").
    """

    cap = 10_000

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    capped = False


def paginate(request, rows, *, per_page: int = PAGE_SIZE):
    return CappedPaginator(rows, per_page).get_page(request.GET.get("page"))


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (others on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def warn_about_id(request, record) -> None:
    """Show the ID-number warnings (unknown region…) a service attached to `record`."""
    for warning in getattr(record, "id_warnings", ()) or ():
        messages.warning(request, warning)


def _shown(form, name: str, value) -> str:
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


def conflict_rows(form, current, names) -> list[dict]:
    """Rows of label / what the user entered / what the record holds now."""
    rows = []
    for name in names:
        mine_text = _shown(form, name, form.cleaned_data.get(name))
        theirs_text = _shown(form, name, getattr(current, name, None))
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
