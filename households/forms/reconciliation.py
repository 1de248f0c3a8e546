"""Forms of the reconciliation pages. They parse input; the services apply the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bureau import scoping
from households.forms import BootstrapMixin
from households.models import SourceBatch
from households.services.reconciliation import Action


class SourceUploadForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[("", "---------"), *SourceBatch.Source.choices],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx, .xls) or CSV, as the department sent it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )


class ResolveForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    resolution = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required to dismiss or to record a change made by hand; the reason of "
            "the correction otherwise."
        ),
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            (value, label) for value, label in Action.choices if value in actions
        ]
        self.fields["action"].widget.attrs["class"] = "form-check-input"


class AssignForm(BootstrapMixin, forms.Form):
    owner = forms.ChoiceField(label=_("Owner"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {str(user.pk): user for user in owners}
        self.fields["owner"].choices = [
            ("", _("Nobody")),
            *((pk, str(user)) for pk, user in self.owners.items()),
        ]

    def chosen_owner(self):
        return self.owners.get(self.cleaned_data.get("owner") or "")


class PlaceForm(BootstrapMixin, forms.Form):
    township = forms.ModelChoiceField(label=_("Township"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = scoping.visible_townships(user).current()
