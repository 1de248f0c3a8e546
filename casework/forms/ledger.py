"""Forms of a 两非 case's ledger: parties, the decision, service, payments, items, rewards."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bureau.forms import BootstrapMixin, DateInput, ScopedForm, VisibleModelChoiceField
from bureau.models import User
from bureau.roles import Role
from casework import selectors
from casework.models import CaseParty, Decision, Penalty, Provider, SeizedItem

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class PartyForm(ScopedForm):
    """A party: a provider or practitioner already recorded, or a new provider."""

    provider = VisibleModelChoiceField(
        selector=selectors.visible_providers, label=_("Provider"), required=False
    )
    practitioner = VisibleModelChoiceField(
        selector=selectors.visible_practitioners,
        label=_("Practitioner"),
        required=False,
    )
    role = forms.ChoiceField(label=_("Role"), choices=CaseParty.Role.choices)
    new_kind = forms.ChoiceField(
        label=_("New provider: kind"),
        choices=[("", "—"), *Provider.Kind.choices],
        required=False,
    )
    new_name = forms.CharField(
        label=_("New provider: name"), max_length=200, required=False
    )
    new_credit_code = forms.CharField(
        label=_("New provider: unified social credit code"),
        max_length=18,
        required=False,
    )
    new_licence_number = forms.CharField(
        label=_("New provider: licence number"), max_length=60, required=False
    )
    new_address = forms.CharField(
        label=_("New provider: address"), max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [data.get("provider"), data.get("practitioner"), data.get("new_name")]
        if sum(1 for value in chosen if value) != 1:
            raise forms.ValidationError(
                _(
                    "Choose one provider or practitioner, or give the name of a new "
                    "provider."
                )
            )
        if data.get("new_name") and not data.get("new_kind"):
            self.add_error("new_kind", _("Say what kind of provider it is."))
        return data


# Penalties as one field each: ticked, or an amount in yuan for the paid ones.
PENALTY_FIELDS = {
    Penalty.Type.WARNING: "warning",
    Penalty.Type.FINE: "fine",
    Penalty.Type.CONFISCATED_INCOME: "confiscated_income",
    Penalty.Type.CONFISCATED_ITEMS: "confiscated_items",
    Penalty.Type.LICENCE_REVOKED: "licence_revoked",
    Penalty.Type.CRIMINAL_REFERRAL: "criminal_referral",
    Penalty.Type.DISCIPLINE_REFERRAL: "discipline_referral",
}


class DecisionForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Decision.Outcome.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    document_number = forms.CharField(
        label=_("Document number"), max_length=60, required=False
    )
    grounds = forms.CharField(
        label=_("Facts and grounds"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    hearing_waived = forms.BooleanField(
        label=_("The party waived a hearing (or withdrew its request)"),
        required=False,
        help_text=_(
            "Otherwise the decision waits until the hearing request period has run out."
        ),
    )
    hearing_held_on = forms.DateField(
        label=_("Hearing held on"), widget=DateInput, required=False
    )
    warning = forms.BooleanField(label=_("Warning"), required=False)
    fine = forms.DecimalField(label=_("Fine (yuan)"), required=False, **MONEY)
    confiscated_income = forms.DecimalField(
        label=_("Illegal income confiscated (yuan)"), required=False, **MONEY
    )
    confiscated_items = forms.BooleanField(
        label=_("Equipment and drugs confiscated"), required=False
    )
    licence_revoked = forms.BooleanField(label=_("Licence revoked"), required=False)
    criminal_referral = forms.BooleanField(label=_("Criminal referral"), required=False)
    discipline_referral = forms.BooleanField(
        label=_("Discipline referral"), required=False
    )

    def hearing(self) -> dict:
        """The hearing facts given (a waiver, the day a requested hearing was held)."""
        data = self.cleaned_data
        given = {
            "hearing_waived": data.get("hearing_waived"),
            "hearing_held_on": data.get("hearing_held_on"),
        }
        return {name: value for name, value in given.items() if value}

    def penalties(self) -> list[dict]:
        """The penalties ticked or given an amount, as the service takes them."""
        rows = []
        for kind, name in PENALTY_FIELDS.items():
            value = self.cleaned_data.get(name)
            if kind in Penalty.PAID_TYPES:
                if value is not None:
                    rows.append({"type": kind, "amount": value})
            elif value:
                rows.append({"type": kind})
        return rows


class ServiceForm(BootstrapMixin, forms.Form):
    served_on = forms.DateField(label=_("Served on"), widget=DateInput)


class PaymentForm(BootstrapMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput)
    amount = forms.DecimalField(label=_("Amount (yuan)"), **MONEY)
    receipt_number = forms.CharField(
        label=_("Receipt number"), max_length=60, required=False
    )


class SeizedItemForm(BootstrapMixin, forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=SeizedItem.Type.choices)
    description = forms.CharField(label=_("Model or description"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    unit = forms.CharField(label=_("Unit"), max_length=10, initial="台")
    seal_number = forms.CharField(label=_("Seal number"), max_length=60, required=False)
    storage = forms.CharField(label=_("Stored at"), max_length=200, required=False)
    seized_on = forms.DateField(label=_("Seized on"), widget=DateInput)


class DisposeForm(BootstrapMixin, forms.Form):
    disposal = forms.ChoiceField(
        label=_("Disposal"),
        choices=[
            choice
            for choice in SeizedItem.Disposal.choices
            if choice[0] != SeizedItem.Disposal.HELD
        ],
    )
    disposed_on = forms.DateField(label=_("Disposed of on"), widget=DateInput)
    note = forms.CharField(label=_("Approval and note"), max_length=200, required=False)


def chiefs() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role=Role.CHIEF).order_by(
        "full_name", "username"
    )


class RewardForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput)
    approved_by = forms.ModelChoiceField(
        label=_("Approved by"), queryset=User.objects.none()
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = chiefs()


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the extension"), max_length=2000)
