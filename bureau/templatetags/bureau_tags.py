"""Template helpers: Bootstrap form widgets, ID-number masking in free text, audit diffs."""

import json
import re
from functools import cache
from typing import Any

from django import forms, template
from django.apps import apps
from django.db import models
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau.masking import mask_contact, mask_id_number, mask_phones

register = template.Library()

# A resident ID number (18 characters, the last may be X) or an old 15-digit one, not
# embedded in a longer run of digits. Division codes (12) and phones (11) are shorter.
ID_LIKE = re.compile(r"(?<![0-9Xx])[0-9]{14,17}[0-9Xx](?![0-9Xx])")
_LONGEST_VALUE = 120
_EVENT_KINDS = {
    "insert": ("created", gettext_lazy("Created")),
    "update": ("updated", gettext_lazy("Updated")),
    "delete": ("deleted", gettext_lazy("Deleted")),
}


@register.filter
def with_class(field: BoundField, size: str = "") -> SafeString:
    """Render a form field's widget with Bootstrap's classes (`size` "sm" for compact)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select" + (f" form-select-{size}" if size else "")
    else:
        css = "form-control" + (f" form-control-{size}" if size else "")
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class"), css]))}
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def masked_phones(phones: Any) -> str:
    """A list of phone numbers as bureau.masking.mask_phones shows it ("" for none)."""
    return mask_phones(phones)


@register.filter
def masked_contact(text: Any) -> str:
    """Free contact text with its phone numbers masked (bureau.masking.mask_contact)."""
    return mask_contact(str(text or ""))


@register.filter
def mask_ids(value: Any) -> str:
    """The text with every ID-number-like run masked by `mask_id_number`."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, default=str)
    elif not isinstance(value, str):
        value = str(value)
    return ID_LIKE.sub(lambda match: mask_id_number(match.group()), value)


@cache
def _tracked_model(label: str) -> Any:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


@cache
def _fields(model_label: str) -> dict[str, Any]:
    """The concrete fields of a tracked model by column name, in declaration order."""
    model = _tracked_model(model_label)
    if model is None:
        return {}
    return {field.attname: field for field in model._meta.concrete_fields}


@register.filter
def model_name(model_label: str) -> str:
    """The verbose name of the model "app_label.Model", or the label when unknown."""
    model = _tracked_model(model_label)
    return capfirst(model._meta.verbose_name) if model is not None else model_label


def _display(name: str, field: Any, value: Any) -> str:
    """One stored value as an auditor reads it: choice labels, local times, masked."""
    if value is None or value == "":
        return ""
    if name.endswith("_encrypted"):
        return _("(encrypted)")
    if name.endswith("_hash"):
        return _("(lookup hash)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.choices and not isinstance(value, dict | list):
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None and timezone.is_aware(moment):
            value = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
    text = mask_ids(value)
    if len(text) > _LONGEST_VALUE:
        return text[: _LONGEST_VALUE - 1] + "…"
    return text


@register.simple_tag
def change_rows(event: Any) -> list[dict[str, Any]]:
    """(field, old, new) rows of one pghistory event, in the model's field order, masked.

    An update lists the fields it changed; a creation or deletion lists the row's values
    (as `new` or `old`).
    """
    fields = _fields(event.pgh_obj_model)
    order = {name: position for position, name in enumerate(fields)}
    if event.pgh_label == "update" and event.pgh_diff:
        changes = {name: tuple(pair) for name, pair in event.pgh_diff.items()}
    elif event.pgh_label == "delete":
        changes = {
            name: (value, None) for name, value in (event.pgh_data or {}).items()
        }
    else:
        changes = {
            name: (None, value) for name, value in (event.pgh_data or {}).items()
        }
    return [
        {
            "field": capfirst(fields[name].verbose_name) if name in fields else name,
            "old": _display(name, fields.get(name), old),
            "new": _display(name, fields.get(name), new),
        }
        for name, (old, new) in sorted(
            changes.items(), key=lambda item: order.get(item[0], len(order))
        )
    ]


@register.simple_tag
def event_kind(event: Any) -> SafeString:
    """A badge naming what happened to the row: created, updated, deleted."""
    kind, text = _EVENT_KINDS.get(event.pgh_label, ("other", event.pgh_label))
    return format_html(
        '<span class="badge event-kind event-kind-{}">{}</span>', kind, text
    )


@register.filter
def context_lines(context: dict[str, Any] | None) -> list[str]:
    """Where a change came from, besides the user: "POST /path", then other entries, masked."""
    if not context:
        return []
    rest = {key: value for key, value in context.items() if key != "user"}
    lines = []
    if "url" in rest:
        method = rest.pop("method", "")
        lines.append(f"{method} {rest.pop('url')}".strip())
    lines.extend(f"{key}: {value}" for key, value in rest.items())
    return [mask_ids(line) for line in lines]


@register.filter
def minutes(duration: Any) -> int:
    """Whole minutes of a timedelta (the login lock period), for messages."""
    return int(duration.total_seconds() // 60) if duration else 0
