"""Forms for searching, households and persons."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from bureau import scoping
from households import selectors
from households.forms.base import (
    BootstrapMixin,
    DateInput,
    ScopedForm,
    VisibleVillageField,
    version_field,
)
from households.idnumbers import DocumentType
from households.models import Household, Person
from households.models.corrections import NON_CORE_FACTS


class PersonSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, pinyin, initials or ID number"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "autofocus": True}
        ),
    )


class HouseholdFilterForm(ScopedForm):
    village = VisibleVillageField(
        label=_("Village or community"),
        required=False,
        empty_label=_("All villages"),
    )
    number = forms.CharField(label=_("Household number"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=100, required=False)


def _grid_staff_choices(user):
    """Township staff serving a township the acting user can see."""
    return selectors.grid_staff_candidates(townships=scoping.visible_townships(user))


class HouseholdCreateForm(ScopedForm):
    village = VisibleVillageField(label=_("Village or community"))
    number = forms.CharField(label=_("Household number"), max_length=30)
    address = forms.CharField(label=_("Address"), max_length=200)
    grid_cell = forms.CharField(
        label=_("Grid cell"),
        max_length=50,
        required=False,
        help_text=_("Urban communities only."),
    )
    grid_staff = forms.ModelChoiceField(
        label=_("Grid staff"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["grid_staff"].queryset = _grid_staff_choices(user)


class HouseholdEditForm(BootstrapMixin, forms.Form):
    """Only the fields that changed are passed to the service."""

    number = forms.CharField(label=_("Household number"), max_length=30)
    address = forms.CharField(label=_("Address"), max_length=200)
    grid_cell = forms.CharField(label=_("Grid cell"), max_length=50, required=False)
    grid_staff = forms.ModelChoiceField(
        label=_("Grid staff"), queryset=None, required=False
    )
    head = forms.ModelChoiceField(
        label=_("Head of household"), queryset=None, required=False
    )
    version = version_field()

    def __init__(self, *args, user, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid_staff"].queryset = _grid_staff_choices(user)
        self.fields["head"].queryset = household.members.filter(is_alive=True)

    @classmethod
    def initial_for(cls, household: Household) -> dict:
        return {
            "number": household.number,
            "address": household.address,
            "grid_cell": household.grid_cell,
            "grid_staff": household.grid_staff_id,
            "head": household.head_id,
            "version": household.version,
        }


class PhonesField(forms.CharField):
    """Several phone numbers in one box, separated by commas or spaces."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [part for part in re.split(r"[\s,，;；、]+", text) if part]

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value


def _parent_choices(household: Household | None, *, exclude: Person | None = None):
    members = Person.objects.none()
    if household is not None:
        members = household.members.all()
        if exclude is not None:
            members = members.exclude(pk=exclude.pk)
    return members


class PersonDetailsMixin(forms.Form):
    """The non-core details staff may change directly."""

    relation_to_head = forms.ChoiceField(
        label=_("Relation to head"), choices=Person.Relation.choices
    )
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=20, required=False)
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=Person.MaritalStatus.choices
    )
    residence_status = forms.ChoiceField(
        label=_("Residence status"), choices=Person.ResidenceStatus.choices
    )
    phones = PhonesField(
        label=_("Phone numbers"),
        required=False,
        max_length=200,
        help_text=_("Separate several numbers with commas."),
    )
    manual_pinyin = forms.CharField(
        label=_("Pinyin override"),
        max_length=200,
        required=False,
        help_text=_("Only when the automatic reading is wrong, e.g. shan ming."),
    )
    mother = forms.ModelChoiceField(label=_("Mother"), queryset=None, required=False)
    father = forms.ModelChoiceField(label=_("Father"), queryset=None, required=False)


class PersonCreateForm(BootstrapMixin, PersonDetailsMixin):
    name = forms.CharField(label=_("Name"), max_length=100)
    document_type = forms.ChoiceField(
        label=_("Document type"),
        choices=DocumentType.choices,
        initial=DocumentType.RESIDENT_ID,
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("From the ID number")), *Person.Sex.choices],
        required=False,
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty to take it from the ID number."),
    )

    field_order = ["name", "document_type", "id_number", "sex", "birth_date"]

    def __init__(self, *args, household: Household, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "relation_to_head": Person.Relation.OTHER
                if household.head_id
                else Person.Relation.HEAD,
                "marital_status": Person.MaritalStatus.UNKNOWN,
                "residence_status": Person.ResidenceStatus.RESIDENT,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["mother"].queryset = _parent_choices(household)
        self.fields["father"].queryset = _parent_choices(household)


class PersonEditForm(BootstrapMixin, PersonDetailsMixin):
    version = version_field()

    FIELDS = NON_CORE_FACTS

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mother"].queryset = _parent_choices(
            person.household, exclude=person
        )
        self.fields["father"].queryset = _parent_choices(
            person.household, exclude=person
        )

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        initial = {name: getattr(person, name) for name in cls.FIELDS}
        initial["mother"] = person.mother_id
        initial["father"] = person.father_id
        initial["version"] = person.version
        return initial
