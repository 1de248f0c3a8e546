"""Forms of the benefit pages. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from incentives.models import BankAccount, Scheme


class ReasonForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment or reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConditionForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    answer = forms.TypedChoiceField(
        label=_("The papers show"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )
    evidence = forms.CharField(label=_("Document"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApplicationStartForm(forms.Form):
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.filter(is_active=True))
    person = forms.IntegerField(widget=forms.HiddenInput)
    payee = forms.IntegerField(widget=forms.HiddenInput, required=False)
    child = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.CharField(required=False, max_length=40)
    year = forms.IntegerField(min_value=2000, max_value=2100)
    reason = forms.CharField(required=False, max_length=300)


class BankAccountForm(forms.Form):
    account_type = forms.ChoiceField(
        label=_("Account type"), choices=BankAccount.AccountType.choices
    )
    number = forms.CharField(label=_("Account number"), max_length=40)
    holder_name = forms.CharField(label=_("Name on the account"), max_length=100)
    bank_name = forms.CharField(label=_("Bank"), max_length=100)
    branch = forms.CharField(label=_("Opening branch"), max_length=100, required=False)


class BatchCreateForm(forms.Form):
    scheme = forms.ModelChoiceField(
        label=_("Scheme"), queryset=Scheme.objects.filter(is_active=True)
    )
    period = forms.CharField(
        label=_("Period"), max_length=7, help_text=_("2026-03 or 2026")
    )


class ResultUploadForm(forms.Form):
    file = forms.FileField(label=_("Bank result file (XLSX or CSV)"))


class FlagForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("paid", _("Paid")),
            ("failed", _("Failed")),
            ("refunded", _("Refunded by the bank")),
        ],
    )
    resolution = forms.CharField(label=_("How it was settled"), max_length=300)
