"""How the audit pages show their machine data: model names, filters, where a change came from.

`subject_name` gives the Chinese name of a subject such as "households.person";
`access_filters` the (label, value) pairs of an access event's filters; `change_origin`
the readable lines and the foldable details of a change's audit context.
"""

from typing import Any

from django import template
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau import audit_labels
from bureau.templatetags.bureau_tags import mask_ids

register = template.Library()

FILTER_LABELS = {
    "q": gettext_lazy("Search"),
    "format": gettext_lazy("File format"),
    "masked": gettext_lazy("ID numbers masked"),
    "unmasked": gettext_lazy("Unmasked"),
    "reason": gettext_lazy("Reason"),
    "background_job": gettext_lazy("Background export"),
    "username": gettext_lazy("Username"),
    "sessions": gettext_lazy("Sessions"),
    "chosen_by": gettext_lazy("Chosen by"),
    "recovery_codes": gettext_lazy("Recovery codes"),
    "from": gettext_lazy("Before"),
    "to": gettext_lazy("After"),
    "added": gettext_lazy("Added"),
    "removed": gettext_lazy("Removed"),
    "attached_to": gettext_lazy("Attached to"),
    "name": gettext_lazy("File name"),
    "date_from": gettext_lazy("Start date"),
    "date_to": gettext_lazy("End date"),
    "page": gettext_lazy("Page"),
}
FILTER_VALUES = {
    "self": gettext_lazy("the user themself"),
    "administrator": gettext_lazy("an administrator"),
    "regenerated": gettext_lazy("issued anew"),
}


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


@register.filter
def subject_name(subject: str) -> str:
    """The Chinese (verbose) name of an "app_label.model" subject, or the subject itself."""
    model = _model(subject or "")
    return str(capfirst(model._meta.verbose_name)) if model is not None else subject


def _field(model, key: str):
    if model is None:
        return None
    name = key.split("__", 1)[0]
    try:
        return model._meta.get_field(name)
    except Exception:  # any unknown name is simply not a field
        return None


def _value(field, value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return "、".join(_value(field, item) for item in value)
    if field is not None and getattr(field, "choices", None):
        value = dict(field.flatchoices).get(value, value)
    text = FILTER_VALUES.get(value, value) if isinstance(value, str) else value
    return mask_ids(str(text))


@register.simple_tag
def access_filters(event: Any) -> list[tuple[str, str]]:
    """(label, value) of an access event's filters: the subject's field names, masked."""
    filters = event.filters if isinstance(event.filters, dict) else {}
    model = _model(event.subject or "")
    rows = []
    for key, value in filters.items():
        field = _field(model, key)
        if field is not None and hasattr(field, "verbose_name"):
            label = capfirst(field.verbose_name)
        else:
            label = FILTER_LABELS.get(key, key)
        rows.append((str(label), _value(field, value)))
    return rows


@register.simple_tag
def change_origin(context: dict | None) -> dict[str, list]:
    """Where a change came from: readable `lines`, and the machine `details` to fold away."""
    context = dict(context) if isinstance(context, dict) else {}
    context.pop("user", None)
    lines, details = [], []
    if context.get("action"):
        lines.append(audit_labels.action_label(context.pop("action")))
    if context.get("task"):
        task = audit_labels.task_label(context.pop("task"))
        lines.append(_("Background task: %(task)s") % {"task": task})
    if context.get("source"):
        lines.append(audit_labels.source_label(context.pop("source")))
    if context.get("url"):
        method = context.pop("method", "")
        if not lines:
            lines.append(_("On a page of the site"))
        details.append(
            (_("Request"), mask_ids(f"{method} {context.pop('url')}".strip()))
        )
    if context.get("task_id"):
        details.append((_("Task number"), str(context.pop("task_id"))))
    for key, value in context.items():
        details.append((str(FILTER_LABELS.get(key, key)), mask_ids(value)))
    return {"lines": lines, "details": details}
