"""The visit record (services delivered, findings, medicine, referral) and its signatures."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.forms import DateInput
from checkups.models import Referral, Visit, VisitService

ITEM_PREFIX = "item_"


class VisitForm(forms.Form):
    """One field per catalogue item that applies to the person (done / not done / declined)."""

    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput)
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    identity_method = forms.ChoiceField(
        label=_("Identity checked by"), choices=Visit.IdentityMethod.choices
    )
    findings = forms.ChoiceField(
        label=_("Findings"),
        choices=Visit.Findings.choices,
        widget=forms.RadioSelect,
    )
    finding_category = forms.ChoiceField(
        label=_("Category of the abnormal finding"),
        choices=[("", "—"), *Visit.FindingCategory.choices],
        required=False,
    )
    finding_notes = forms.CharField(
        label=_("Notes on the findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    free_medicine = forms.CharField(
        label=_("Free medicine given"), max_length=200, required=False
    )
    referral_destination = forms.CharField(
        label=_("Referred to"), max_length=200, required=False
    )
    referral_reason = forms.CharField(
        label=_("Reason for the referral"), max_length=300, required=False
    )
    referral_follow_up_on = forms.DateField(
        label=_("Follow-up date"), widget=DateInput, required=False
    )

    def __init__(self, *args, items, sites, **kwargs):
        kwargs.setdefault("initial", {"visited_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["site"].queryset = sites
        for item in self.items:
            self.fields[f"{ITEM_PREFIX}{item.pk}"] = forms.ChoiceField(
                label=item.name,
                choices=VisitService.Outcome.choices,
                initial=VisitService.Outcome.DONE,
                widget=forms.RadioSelect,
            )

    def item_fields(self):
        return [self[f"{ITEM_PREFIX}{item.pk}"] for item in self.items]

    def clean(self):
        data = super().clean()
        if data.get("findings") == Visit.Findings.ABNORMAL and not data.get(
            "finding_category"
        ):
            self.add_error(
                "finding_category", _("Name the category of the abnormal finding.")
            )
        if data.get("referral_destination") and not data.get("referral_reason"):
            self.add_error("referral_reason", _("Say why the person is referred."))
        if data.get("referral_reason") and not data.get("referral_destination"):
            self.add_error(
                "referral_destination", _("Name where the person is referred to.")
            )
        return data

    def results(self) -> dict:
        """{item: result} of the catalogue items, as the service takes them."""
        return {
            item: self.cleaned_data[f"{ITEM_PREFIX}{item.pk}"] for item in self.items
        }

    def referral(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("referral_destination"):
            return None
        return {
            "destination": data["referral_destination"],
            "reason": data["referral_reason"],
            "follow_up_on": data.get("referral_follow_up_on"),
        }


class VerifyForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I checked this record against the examination and sign it as verifier")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReferralOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Referral.Outcome.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
