"""Forms for revealing an ID number, life events and corrections."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bureau import scoping
from households import selectors
from households.forms.base import BootstrapMixin, DateInput, version_field
from households.forms.counties import CountyField
from households.models import Person


class RevealIdForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for showing the full number"),
        min_length=4,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class DeathForm(BootstrapMixin, forms.Form):
    died_on = forms.DateField(label=_("Date of death"), widget=DateInput)
    reason = forms.CharField(
        label=_("Source or reason"),
        max_length=500,
        help_text=_("e.g. death certificate number, reported by the village."),
    )


class MoveForm(BootstrapMixin, forms.Form):
    """The county is looked up by name or code; its full name is stored with the code."""

    county_code = CountyField(label=_("County"))
    since = forms.DateField(label=_("Since"), widget=DateInput)
    workplace = forms.CharField(label=_("Workplace"), max_length=200, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=100, required=False)
    version = version_field()

    def clean(self):
        data = super().clean()
        county = data.get("county_code")
        if county is not None:
            data["county_code"], data["county_name"] = county.code, county.name
        return data


class MoveHouseholdForm(BootstrapMixin, forms.Form):
    """The target household is found by its number among the households the user sees."""

    village = forms.ModelChoiceField(label=_("Village or community"), queryset=None)
    number = forms.CharField(label=_("Household number"), max_length=30)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, user, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.person = person
        self.fields["village"].queryset = scoping.visible_villages(user)

    def clean(self):
        data = super().clean()
        village, number = data.get("village"), data.get("number")
        if village is None or not number:
            return data
        target = (
            selectors.visible_households(self.user)
            .active()
            .filter(village=village, number=number.strip())
            .first()
        )
        if target is None:
            self.add_error("number", _("There is no such household in this village."))
        elif target.pk == self.person.household_id:
            self.add_error("number", _("The person already belongs to this household."))
        else:
            data["household"] = target
        return data


class CorrectionForm(BootstrapMixin, forms.Form):
    """Core facts: only the ones the user changed become part of the correction."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        required=False,
        help_text=_("Enter the correct number only if it is wrong."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "—"), *Person.Sex.choices], required=False
    )
    birth_date = forms.DateField(
        label=_("Birth date"), required=False, widget=DateInput
    )
    reason = forms.CharField(
        label=_("Reason and evidence"),
        max_length=1000,
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args, person: Person, **kwargs):
        kwargs.setdefault(
            "initial",
            {"name": person.name, "sex": person.sex, "birth_date": person.birth_date},
        )
        super().__init__(*args, **kwargs)
        self.person = person

    def changes(self) -> dict:
        data = self.cleaned_data
        changes: dict = {}
        if data.get("name") and data["name"].strip() != self.person.name:
            changes["name"] = data["name"].strip()
        if data.get("id_number"):
            changes["id_number"] = data["id_number"]
        if data.get("sex") and data["sex"] != self.person.sex:
            changes["sex"] = data["sex"]
        if data.get("birth_date") and data["birth_date"] != self.person.birth_date:
            changes["birth_date"] = data["birth_date"]
        return changes

    def clean(self):
        data = super().clean()
        if not self.errors and not self.changes():
            raise forms.ValidationError(_("Change at least one fact."))
        return data


class CorrectionDecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note"):
            self.add_error("note", _("Say why the correction is rejected."))
        return data
