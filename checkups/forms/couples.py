"""Pre-pregnancy couples: registration, risk assessment, counselling."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.forms import DateInput
from checkups.models import RiskAssessment
from households.selectors import id_number_hash, visible_persons, whole_id_number


class CoupleForm(forms.Form):
    """The partners are named by their ID numbers (never put in a URL)."""

    woman_id_number = forms.CharField(label=_("Woman's ID number"), max_length=20)
    man_id_number = forms.CharField(label=_("Man's ID number"), max_length=20)
    registered_on = forms.DateField(label=_("Registered on"), widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"registered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.user = user

    def _person(self, name: str):
        number = whole_id_number(self.cleaned_data.get(name, ""))
        if not number:
            raise forms.ValidationError(_("Enter a whole 18-character ID number."))
        person = (
            visible_persons(self.user)
            .filter(id_number_hash=id_number_hash(number))
            .first()
        )
        if person is None:
            raise forms.ValidationError(
                _("No person with this ID number is in the register you serve.")
            )
        return person

    def clean_woman_id_number(self):
        return self._person("woman_id_number")

    def clean_man_id_number(self):
        return self._person("man_id_number")


class PartnerForm(forms.Form):
    """A form about one partner of the couple (chosen among the two)."""

    person = forms.TypedChoiceField(label=_("Partner"), coerce=int)

    def __init__(self, *args, couple, **kwargs):
        super().__init__(*args, **kwargs)
        self.couple = couple
        self.fields["person"].choices = [
            (partner.pk, partner.name) for partner in couple.partners()
        ]

    def clean_person(self):
        wanted = self.cleaned_data["person"]
        return next(p for p in self.couple.partners() if p.pk == wanted)


class RiskAssessmentForm(PartnerForm):
    outcome = forms.ChoiceField(
        label=_("Assessment outcome"),
        choices=RiskAssessment.Outcome.choices,
        widget=forms.RadioSelect,
    )
    factors = forms.MultipleChoiceField(
        label=_("Risk factors"),
        choices=RiskAssessment.Factor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput)
    risk_class = forms.ChoiceField(
        label=_("Risk class (optional)"),
        choices=[("", "—"), *RiskAssessment.RiskClass.choices],
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, couple, **kwargs):
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, couple=couple, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == RiskAssessment.Outcome.HIGH_RISK and not data.get(
            "factors"
        ):
            self.add_error("factors", _("Tick the risk factors that were found."))
        return data


class CounsellingForm(PartnerForm):
    counselled_on = forms.DateField(label=_("Date"), widget=DateInput)
    content = forms.CharField(
        label=_("Content of the counselling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, couple, **kwargs):
        kwargs.setdefault("initial", {"counselled_on": timezone.localdate()})
        super().__init__(*args, couple=couple, **kwargs)
