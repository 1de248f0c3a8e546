"""Campaign and invitation forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bureau.forms import DateInput, ScopedForm
from bureau.scoping import visible_townships
from checkups.models import Campaign, Invitation

QUARTERS = [(1, _("Spring")), (2, _("Summer")), (3, _("Autumn")), (4, _("Winter"))]

# What staff may set by hand; "attended" comes only from a recorded visit or the import.
MANUAL_STATUSES = ("reminded", "declined", "unreachable", "moved_away")


class CampaignForm(ScopedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTERS, coerce=int)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    townships = forms.ModelMultipleChoiceField(
        label=_("Participating townships"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["townships"].queryset = visible_townships(user).order_by("code")
        self.fields["townships"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The campaign cannot end before it starts."))
        return data


class InvitationStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (value, label)
            for value, label in Invitation.Status.choices
            if value in MANUAL_STATUSES
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
