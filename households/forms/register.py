"""Forms for searching, households and persons."""

import re

from django import forms
from django.db.models import Q
from django.utils import timezone
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
from households.idnumbers import DocumentType, IdNumberError, check_id_number
from households.models import Household, Person
from households.models.corrections import NON_CORE_FACTS
from households.models.person import Sex
from households.plausibility import (
    PARENT_AGE_GAP_YEARS,
    old_enough_to_parent,
    plausible_parents,
)


class PersonSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, pinyin, initials or ID number"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "autofocus": True}
        ),
    )


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
        # An existing household's grid staff serve its own township (the service's rule).
        self.fields["grid_staff"].queryset = selectors.grid_staff_candidates(
            townships=[household.village.township_id]
        )
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

    def has_changed(self, initial, data):
        before = (
            initial if isinstance(initial, list | tuple) else self.to_python(initial)
        )
        return list(before) != self.to_python(data)


class ParentChoiceField(forms.ModelChoiceField):
    """A mother or father among the household's plausible members, shown with birth year."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.birth_date:%Y})" if obj.birth_date else obj.name


PARENT_SEX = {"mother": Sex.FEMALE, "father": Sex.MALE}


def _parent_choices(
    household: Household | None,
    *,
    sex: str,
    person: Person | None = None,
    current: Person | None = None,
):
    """Women or men of the household old enough to be the person's parent.

    The parent already recorded stays selectable, so editing other details of an
    older record never fails on it.
    """
    plausible = plausible_parents(
        household,
        sex=sex,
        born_on=person.birth_date if person else None,
        exclude=person,
    )
    if current is None:
        return plausible
    return Person.objects.filter(
        Q(pk__in=plausible.values("pk")) | Q(pk=current.pk)
    ).order_by("birth_date", "pk")


def _derived_birth_date(data: dict):
    """The entered birth date, else the one in the ID number (None if it has none)."""
    if data.get("birth_date"):
        return data["birth_date"]
    try:
        check = check_id_number(
            data.get("id_number") or "",
            document_type=data.get("document_type") or DocumentType.RESIDENT_ID,
            today=timezone.localdate(),
        )
    except IdNumberError:
        return None
    return check.birth_date


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
    mother = ParentChoiceField(
        label=_("Mother"),
        queryset=None,
        required=False,
        help_text=_("Women of the household at least 15 years older."),
    )
    father = ParentChoiceField(
        label=_("Father"),
        queryset=None,
        required=False,
        help_text=_("Men of the household at least 15 years older."),
    )

    def _check_parent_ages(self, born_on) -> None:
        for role in PARENT_SEX:
            parent = self.cleaned_data.get(role)
            if parent is not None and not old_enough_to_parent(parent, born_on):
                self.add_error(
                    role,
                    _(
                        "%(name)s is not at least %(years)d years older than this "
                        "person."
                    )
                    % {"name": parent.name, "years": PARENT_AGE_GAP_YEARS},
                )


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
        for role, sex in PARENT_SEX.items():
            self.fields[role].queryset = _parent_choices(household, sex=sex)

    def clean(self):
        data = super().clean()
        self._check_parent_ages(_derived_birth_date(data))
        return data


class PersonEditForm(BootstrapMixin, PersonDetailsMixin):
    version = version_field()

    FIELDS = NON_CORE_FACTS

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        for role, sex in PARENT_SEX.items():
            self.fields[role].queryset = _parent_choices(
                person.household,
                sex=sex,
                person=person,
                current=getattr(person, role),
            )

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        initial = {name: getattr(person, name) for name in cls.FIELDS}
        initial["mother"] = person.mother_id
        initial["father"] = person.father_id
        initial["version"] = person.version
        return initial
