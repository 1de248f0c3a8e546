"""Forms of the case pages: they parse input; casework.services applies the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bureau.forms import DateInput, ScopedForm, VisibleModelChoiceField
from bureau.models import User
from bureau.roles import Role
from bureau.scoping import townships_for, visible_townships
from casework.models import Lead
from casework.workflow import CloseReason, Kind, Outcome, Satisfaction, Status


def handler_choices(user: Any) -> QuerySet[User]:
    """Active township staff serving one of the townships `user` may see."""
    return (
        User.objects.filter(
            is_active=True,
            role=Role.STAFF,
            townships__in=townships_for(user).values("code"),
        )
        .distinct()
        .order_by("full_name", "username")
    )


class SealedTextarea(forms.Textarea):
    """A text box that never renders its value: a refused form does not echo the reporter."""

    def format_value(self, value: Any) -> None:
        return None


class HandlerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.username})" if obj.full_name else obj.username


class _HandlersMixin:
    """Fills the handler choices for the acting user (a ScopedForm knows it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handlers"].queryset = handler_choices(self.user)


class CaseRegisterForm(_HandlersMixin, ScopedForm):
    """A new lead, allegation or petition; the reporter is sealed once saved."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    township = VisibleModelChoiceField(
        selector=visible_townships, label=_("Township"), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    opened_on = forms.DateField(label=_("Received on"), widget=DateInput)
    source = forms.ChoiceField(
        label=_("Source of the lead"),
        choices=[("", "—"), *Lead.Source.choices],
        required=False,
        help_text=_("For a 两非 lead: where it came from."),
    )
    reference = forms.CharField(
        label=_("Referral or letter reference"), max_length=100, required=False
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    handlers = HandlerField(
        label=_("Handlers"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A 两非 case is filed only with two named enforcement officers."),
    )
    reporter = forms.CharField(
        label=_("Reporter (sealed)"),
        max_length=500,
        required=False,
        widget=SealedTextarea(attrs={"rows": 2, "autocomplete": "off"}),
        help_text=_(
            "Name and contact of the person who reported it. Sealed once saved: only "
            "the case's handlers can see it, and every view is logged."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == Kind.LIANGFEI and not data.get("source"):
            self.add_error("source", _("Say where the lead came from."))
        return data


class HandlersForm(_HandlersMixin, ScopedForm):
    handlers = HandlerField(
        label=_("Handlers"), queryset=User.objects.none(), required=False
    )


class MoveForm(forms.Form):
    """One move of a case along its machine; the service checks it is allowed."""

    to = forms.ChoiceField(label=_("Move to"), choices=Status.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    outcome = forms.ChoiceField(
        label=_("Opinion"), choices=[("", "—"), *Outcome.choices], required=False
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"),
        choices=[("", "—"), *Satisfaction.choices],
        required=False,
    )
    close_reason = forms.ChoiceField(
        label=_("Close reason"),
        choices=[("", "—"), *CloseReason.choices],
        required=False,
    )
    merged_into = forms.CharField(
        label=_("Merge into case number"), max_length=30, required=False
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the reporter's identity is needed"), max_length=500
    )
