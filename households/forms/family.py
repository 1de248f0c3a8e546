"""The family page: a household and its members entered on one form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.forms.base import BootstrapMixin, DateInput
from households.forms.register import HouseholdCreateForm, PhonesField
from households.idnumbers import DocumentType, IdNumberError, check_id_number
from households.models.person import MaritalStatus, Relation, Sex

# A row's relation before the sex is known: the page turns it into son or daughter.
CHILD = "child"
RELATION_CHOICES = [
    (Relation.HEAD, Relation.HEAD.label),
    (Relation.SPOUSE, Relation.SPOUSE.label),
    (CHILD, _("Child")),
    (Relation.SON, Relation.SON.label),
    (Relation.DAUGHTER, Relation.DAUGHTER.label),
    (Relation.PARENT, Relation.PARENT.label),
    (Relation.GRANDCHILD, Relation.GRANDCHILD.label),
    (Relation.OTHER, Relation.OTHER.label),
]
MAX_MEMBERS = 30
SPARE_ROWS = 5  # rows offered without JavaScript, after the first


def row_preset(index: int | None) -> dict:
    """Relation and marital status a new row starts with: head, spouse, then children."""
    if index == 0:
        relation, marital = Relation.HEAD, MaritalStatus.MARRIED
    elif index == 1:
        relation, marital = Relation.SPOUSE, MaritalStatus.MARRIED
    else:
        relation, marital = CHILD, MaritalStatus.UNMARRIED
    return {
        "relation_to_head": relation,
        "marital_status": marital,
        "document_type": DocumentType.RESIDENT_ID,
    }


class FamilyHouseholdForm(HouseholdCreateForm):
    """The household part of the page (the same fields as registering a household)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        villages = self.fields["village"].queryset
        if not self.is_bound and "village" not in self.initial:
            only = list(villages.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.initial["village"] = only[0]


class MemberForm(BootstrapMixin, forms.Form):
    """One member row. Sex and birth date may stay empty: the ID number gives them."""

    name = forms.CharField(label=_("Name"), max_length=100)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "data-id-number": ""}
        ),
    )
    relation_to_head = forms.ChoiceField(
        label=_("Relation to head"), choices=RELATION_CHOICES
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=MaritalStatus.choices
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("From the ID number")), *Sex.choices],
        required=False,
        widget=forms.Select(attrs={"data-derived": "sex"}),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=DateInput(attrs={"data-derived": "birth_date"}),
    )
    phones = PhonesField(label=_("Phone numbers"), required=False, max_length=200)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=20, required=False)
    document_type = forms.ChoiceField(
        label=_("Document type"), choices=DocumentType.choices
    )

    def clean(self):
        data = super().clean()
        if "id_number" in data and "document_type" in data:
            try:
                check = check_id_number(
                    data["id_number"],
                    document_type=data["document_type"],
                    today=timezone.localdate(),
                )
            except IdNumberError as error:
                self.add_error("id_number", error.message)
                return data
            if data.get("relation_to_head") == CHILD:
                self._resolve_child(data, data.get("sex") or check.sex)
        return data

    def _resolve_child(self, data: dict, sex: str | None) -> None:
        if sex == Sex.MALE:
            data["relation_to_head"] = Relation.SON
        elif sex == Sex.FEMALE:
            data["relation_to_head"] = Relation.DAUGHTER
        else:
            self.add_error(
                "relation_to_head",
                _("Choose son or daughter: this document does not carry the sex."),
            )

    def service_values(self) -> dict:
        """register_person's arguments from this row."""
        values = dict(self.cleaned_data)
        values["sex"] = values["sex"] or None
        return values


class BaseMemberFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "initial": row_preset(index)}

    def filled_rows(self) -> list[tuple[int, MemberForm]]:
        """The rows the user filled in (untouched spare rows are left out)."""
        return [
            (index, form)
            for index, form in enumerate(self.forms)
            if form.has_changed() or not form.empty_permitted
        ]

    def clean(self):
        if any(self.errors):
            return
        heads = [
            form
            for _index, form in self.filled_rows()
            if form.cleaned_data.get("relation_to_head") == Relation.HEAD
        ]
        if not heads:
            self.forms[0].add_error(
                "relation_to_head", _("Mark one member as the head of household.")
            )
        for form in heads[1:]:
            form.add_error(
                "relation_to_head", _("Only one member can be the head of household.")
            )

    def service_rows(self) -> dict[int, dict]:
        return {index: form.service_values() for index, form in self.filled_rows()}


MemberFormSet = forms.formset_factory(
    MemberForm,
    formset=BaseMemberFormSet,
    extra=SPARE_ROWS,
    min_num=1,
    max_num=MAX_MEMBERS,
    validate_max=True,
)


def member_label(index: int, form: MemberForm) -> str:
    """How an error names the row it belongs to, e.g. "Member 2 (李娜)"."""
    name = str(form["name"].value() or "").strip()
    label = _("Member %(number)d") % {"number": index + 1}
    return f"{label} ({name})" if name else str(label)


def error_summary(household: forms.Form, members: BaseMemberFormSet) -> list[dict]:
    """Every error on the page, each naming its row and field, in page order."""
    items = _form_errors(household, _("Household"))
    items += [
        {"where": "", "label": "", "message": error, "id": ""}
        for error in members.non_form_errors()
    ]
    for index, form in enumerate(members.forms):
        items += _form_errors(form, member_label(index, form))
    return items


def _form_errors(form: forms.Form, where) -> list[dict]:
    items = [
        {"where": where, "label": "", "message": error, "id": ""}
        for error in form.non_field_errors()
    ]
    for bound in form.visible_fields():
        items += [
            {
                "where": where,
                "label": bound.label,
                "message": error,
                "id": bound.auto_id,
            }
            for error in bound.errors
        ]
    return items


def autofocus_first_error(forms_in_order: list[forms.Form]) -> None:
    """Autofocus the first field in error in page order, or else the first empty field.

    Fields in error are also marked for screen readers (aria-invalid, and the message
    as their description).
    """
    for form in forms_in_order:
        for bound in form.visible_fields():
            attrs = bound.field.widget.attrs
            attrs.pop("autofocus", None)
            if bound.errors:
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{bound.auto_id}-error"
    target = _first_field(forms_in_order, lambda bound: bool(bound.errors))
    if target is None and not any(form.is_bound for form in forms_in_order):
        target = _first_field(forms_in_order[:1], lambda bound: not bound.value())
    if target is not None:
        target.field.widget.attrs["autofocus"] = True


def _first_field(forms_in_order, wanted):
    for form in forms_in_order:
        for bound in form.visible_fields():
            if wanted(bound):
                return bound
    return None
