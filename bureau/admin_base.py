"""Admin base classes every app's operator screens use.

Domain rows change only through services (rules, version check, audit context).
`ServiceFormAdmin` saves an edit through the app's service when the form validates
and passes the version the form was opened with, so a stale admin edit is refused
(ConflictError shown on the form) instead of overwriting someone's change.
`ReadOnlyAdmin` shows rows for reference only.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bureau.concurrency import ConflictError

OPENED_VERSION = "opened_version"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for reference; written only by the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionedAdminForm(forms.ModelForm):
    """Carries the version of the row when the form was opened (a hidden field)."""

    opened_version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, label=_("Version")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[OPENED_VERSION].initial = self.instance.version


class ServiceFormAdmin(admin.ModelAdmin):
    """Edits are saved by a service when the form validates; its errors show on the form.

    Subclasses list the `service_fields` the service accepts and implement
    `save_through_service(request, obj, changes, expected_version=...)`.
    """

    form = VersionedAdminForm
    service_fields: tuple[str, ...] = ()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return [*fields, OPENED_VERSION] if OPENED_VERSION not in fields else fields

    def save_through_service(
        self, request, obj, changes: dict, *, expected_version: int
    ) -> None:
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceForm(base):
            def _post_clean(self):
                super()._post_clean()
                changes = {
                    field: self.cleaned_data[field]
                    for field in self.changed_data
                    if field in model_admin.service_fields
                }
                if self.errors or not changes or self.instance.pk is None:
                    return
                try:
                    model_admin.save_through_service(
                        request,
                        self.instance,
                        changes,
                        expected_version=self.cleaned_data[OPENED_VERSION],
                    )
                except ValidationError as exc:
                    for field, messages in exc.message_dict.items():
                        self.add_error(
                            field if field in self.fields else None, messages
                        )
                except ConflictError as exc:
                    self.add_error(None, str(exc))

        return ServiceForm

    def save_model(self, request, obj, form, change):
        """Already saved by the service during validation."""
