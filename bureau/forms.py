"""Form base classes every app uses, and the forms of the core's pages.

    class HouseholdCreateForm(ScopedForm):
        village = VisibleModelChoiceField(selector=visible_villages, label=...)

    HouseholdCreateForm(request.POST, user=request.user)

A ScopedForm takes the acting user and gives every VisibleModelChoiceField the rows
its selector shows that user, so a form never offers or accepts another township's
row. BootstrapMixin styles the widgets; version_field() carries the version the
user loaded (bureau.concurrency).

The audit trail's GET filters follow.

A filter form narrows a queryset that a `visible_*` selector already scoped; it never
widens one. An invalid filter (a malformed date, an unknown table) shows its error and
matches nothing, so an auditor never mistakes an unfiltered list for a filtered one.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.apps import apps
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bureau.models import AccessEvent, User
from bureau.scoping import visible_villages


class BootstrapMixin:
    """Give every widget the Bootstrap class its kind needs (and is-invalid on errors)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (
                        f"{widget.attrs.get('class', '')} is-invalid"
                    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def version_field() -> forms.IntegerField:
    """The hidden version the user loaded; the service compares it (ConflictError)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VisibleModelChoiceField(forms.ModelChoiceField):
    """A choice among the rows `selector(user)` shows; ScopedForm fills the queryset."""

    def __init__(self, *, selector: Callable[[Any], QuerySet], **kwargs: Any) -> None:
        self.selector = selector
        kwargs.setdefault("queryset", None)
        super().__init__(**kwargs)

    def scope(self, user: Any) -> None:
        self.queryset = self.selector(user)


class VisibleVillageField(VisibleModelChoiceField):
    """A village or community in one of the user's townships."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(selector=visible_villages, **kwargs)


class ScopedForm(BootstrapMixin, forms.Form):
    """A form for one acting user (`user=`): its Visible* fields offer only what they see."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, VisibleModelChoiceField):
                field.scope(user)


def tracked_model_choices() -> list[tuple[str, str]]:
    """(event model label, tracked model name) for every model the audit triggers record."""
    from pghistory.models import Event

    choices = [
        (model._meta.label, str(capfirst(model.pgh_tracked_model._meta.verbose_name)))
        for model in apps.get_models()
        if issubclass(model, Event) and getattr(model, "pgh_tracked_model", None)
    ]
    return [("", _("All tables")), *sorted(choices, key=lambda choice: choice[1])]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.username})" if obj.full_name else obj.username


class _PeriodFilterForm(forms.Form):
    user = UserChoiceField(
        label=_("User"),
        queryset=User.objects.order_by("username"),
        required=False,
        empty_label=_("All users"),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def _within_period(self, queryset: QuerySet, field: str) -> QuerySet:
        """Rows whose `field` falls on the chosen days, in the bureau's time zone."""
        start, end = self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        if start:
            queryset = queryset.filter(**{f"{field}__gte": _start_of(start)})
        if end:
            queryset = queryset.filter(
                **{f"{field}__lt": _start_of(end + timedelta(days=1))}
            )
        return queryset


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


class ChangeEventFilterForm(_PeriodFilterForm):
    """Filters of the change log: table, record, acting user, period."""

    table = forms.ChoiceField(
        label=_("Table"), choices=tracked_model_choices, required=False
    )
    record = forms.CharField(label=_("Record ID"), max_length=64, required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=[
            ("", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("record", _("By record number")),
        ],
        required=False,
    )

    field_order = ["table", "record", "user", "date_from", "date_to", "sort"]

    def ordering(self) -> list:
        """Time, then record number as a number (digits of a shorter key sort first)."""
        number = [Length("pgh_obj_id"), "pgh_obj_id", "pgh_id"]
        sort = self.cleaned_data.get("sort") if self.is_valid() else ""
        if sort == "record":
            return ["pgh_obj_model", *number, "pgh_created_at"]
        if sort == "oldest":
            return ["pgh_created_at", *number]
        return ["-pgh_created_at", *number]

    def filter(self, events: QuerySet) -> QuerySet:
        """Narrow pghistory `events` to the chosen filters; nothing when they are invalid."""
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if data["table"]:
            events = events.filter(pgh_model=data["table"])
        if data["record"]:
            events = events.filter(pgh_obj_id=data["record"])
        if data["user"]:
            # The acting user's id, attached by the audit context of the request or task.
            events = events.filter(pgh_context__user=data["user"].pk)
        return self._within_period(events, "pgh_created_at")


class AccessEventFilterForm(_PeriodFilterForm):
    """Filters of the access log: kind of access, user, period."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *AccessEvent.Kind.choices],
        required=False,
    )

    field_order = ["kind", "user", "date_from", "date_to"]

    def filter(self, events: QuerySet[AccessEvent]) -> QuerySet[AccessEvent]:
        """Narrow access `events` to the chosen filters; nothing when they are invalid."""
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["user"]:
            events = events.filter(user=data["user"])
        return self._within_period(events, "at")
