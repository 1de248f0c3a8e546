"""Forms of the reports pages; they parse input, the services hold the rules."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from bureau.indicators import all_indicators
from reports.models import DirectiveItem


class DirectiveForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        help_text=_("Any day of the month, e.g. 2026-12-01."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    small_denominator = forms.IntegerField(
        label=_("Smallest denominator"), min_value=1, initial=20
    )


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DirectiveItem.Kind.choices)
    indicator_code = forms.ChoiceField(label=_("Indicator"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    weight = forms.DecimalField(label=_("Weight (maximum points)"), min_value=0)
    rule = forms.ChoiceField(
        label=_("Scoring rule"), choices=DirectiveItem.Rule.choices
    )
    target = forms.DecimalField(label=_("Target"), required=False)
    step = forms.DecimalField(label=_("Step"), required=False)
    deduction = forms.DecimalField(label=_("Deduction"), required=False)
    bands = forms.CharField(
        label=_("Bands"),
        required=False,
        help_text=_("One band a line: bound and points, e.g. 0.9 15"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [("", "—")] + [
            (code, f"{indicator.label} ({code})")
            for code, indicator in all_indicators().items()
        ]

    def clean_bands(self) -> list[tuple[Decimal, Decimal]]:
        bands = []
        for number, line in enumerate(self.cleaned_data["bands"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.replace(",", " ").split()
            try:
                bound, points = (Decimal(part) for part in parts)
            except (ValueError, InvalidOperation):
                raise forms.ValidationError(
                    _("Line %(line)s: write a bound and points, e.g. 0.9 15.")
                    % {"line": number}
                ) from None
            bands.append((bound, points))
        return bands


class EvidenceForm(forms.Form):
    evidence = forms.CharField(
        label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    file = forms.FileField(label=_("Document"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the revision"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("issue", _("Issue the yellow card")), ("dismiss", _("Dismiss"))],
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
