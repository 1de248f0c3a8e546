"""django-import-export resource for the register template's columns (administrators' use).

The township import goes through bureau.imports and households.importing (every rule,
bulk and audited). This resource reads and writes the same columns the ordinary
django-import-export way — one row at a time, into households already in the register —
so administrators can round-trip a few rows in the admin. Exports mask ID and phone numbers.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from bureau.masking import mask_phone
from households import labels
from households.derived import id_columns, name_columns, surname_readings
from households.idnumbers import IdNumberError, check_id_number
from households.importing.spec import TEMPLATE_COLUMNS
from households.models import Household, Person

HEADER = {column.name: column.headers[0] for column in TEMPLATE_COLUMNS}


class LabelWidget(widgets.Widget):
    """A stored code shown and read as the Chinese word (男, 户主, 已婚, 常住)."""

    def __init__(self, words: dict, *, default: str = "") -> None:
        super().__init__()
        self.words = {str(code): word for code, word in words.items()}
        self.codes = {word: code for code, word in self.words.items()}
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return self.default
        if text in self.words:
            return text
        if text not in self.codes:
            raise ValueError(f"{text} is not one of {'、'.join(self.words.values())}")
        return self.codes[text]

    def render(self, value, obj=None, **kwargs):
        return self.words.get(str(value), value or "")


class HouseholdWidget(widgets.ForeignKeyWidget):
    """The household by its number within the row's village (村居代码)."""

    def __init__(self) -> None:
        super().__init__(Household, field="number")

    def get_queryset(self, value, row, *args, **kwargs):
        return Household.objects.filter(village_id=str(row.get(HEADER["village_code"])))


class PersonRegisterResource(resources.ModelResource):
    household_no = fields.Field(
        attribute="household",
        column_name=HEADER["household_no"],
        widget=HouseholdWidget(),
    )
    village_code = fields.Field(
        attribute="household__village_id",
        column_name=HEADER["village_code"],
        readonly=True,
    )
    address = fields.Field(
        attribute="household__address", column_name=HEADER["address"], readonly=True
    )
    name = fields.Field(attribute="name", column_name=HEADER["name"])
    document_type = fields.Field(
        attribute="document_type",
        column_name=HEADER["document_type"],
        widget=LabelWidget(labels.DOCUMENT_TYPE, default="resident_id"),
    )
    id_number = fields.Field(column_name=HEADER["id_number"])
    sex = fields.Field(
        attribute="sex", column_name=HEADER["sex"], widget=LabelWidget(labels.SEX)
    )
    birth_date = fields.Field(
        attribute="birth_date",
        column_name=HEADER["birth_date"],
        widget=widgets.DateWidget("%Y-%m-%d"),
    )
    ethnicity = fields.Field(attribute="ethnicity", column_name=HEADER["ethnicity"])
    relation = fields.Field(
        attribute="relation_to_head",
        column_name=HEADER["relation"],
        widget=LabelWidget(labels.RELATION, default="other"),
    )
    marital_status = fields.Field(
        attribute="marital_status",
        column_name=HEADER["marital_status"],
        widget=LabelWidget(labels.MARITAL_STATUS, default="unknown"),
    )
    residence_status = fields.Field(
        attribute="residence_status",
        column_name=HEADER["residence_status"],
        widget=LabelWidget(labels.RESIDENCE_STATUS, default="resident"),
    )
    phone = fields.Field(
        attribute="phones",
        column_name=HEADER["phone"],
        widget=widgets.SimpleArrayWidget(separator="、"),
    )
    id_number_hash = fields.Field(
        attribute="id_number_hash", column_name="id_number_hash"
    )

    class Meta:
        model = Person
        import_id_fields = ("id_number_hash",)
        fields = (
            "household_no", "village_code", "address", "name", "document_type",
            "id_number", "sex", "birth_date", "ethnicity", "relation",
            "marital_status", "residence_status", "phone", "id_number_hash",
        )  # fmt: skip
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True

    def get_export_fields(self, selected_fields=None):
        """The template's columns; the lookup hash is only the import key."""
        exported = super().get_export_fields(selected_fields)
        return [f for f in exported if f.column_name != "id_number_hash"]

    def before_import(self, dataset, **kwargs):
        """The import key is derived from 证件号码 row by row; give it a column."""
        if "id_number_hash" not in (dataset.headers or ()):
            dataset.append_col([""] * len(dataset), header="id_number_hash")

    def before_import_row(self, row, **kwargs):
        """Derive the lookup hash (the import key) and the stored ID columns from 证件号码."""
        document = LabelWidget(labels.DOCUMENT_TYPE, default="resident_id").clean(
            row.get(HEADER["document_type"])
        )
        try:
            check = check_id_number(
                str(row.get(HEADER["id_number"]) or ""),
                document_type=document,
                today=timezone.localdate(),
            )
        except IdNumberError as error:
            raise ValidationError({"id_number": error.message}) from error
        row["_id_columns"] = id_columns(check)
        row["id_number_hash"] = row["_id_columns"]["id_number_hash"]
        if check.birth_date and not row.get(HEADER["birth_date"]):
            row[HEADER["birth_date"]] = check.birth_date.isoformat()
        if check.sex and not row.get(HEADER["sex"]):
            row[HEADER["sex"]] = labels.SEX[check.sex]

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        for column, value in row["_id_columns"].items():
            setattr(instance, column, value)
        for column, value in name_columns(
            instance.name, surname_readings=surname_readings()
        ).items():
            setattr(instance, column, value)

    def dehydrate_id_number(self, person):
        return person.masked_id_number

    def dehydrate_phone(self, person):
        return "、".join(mask_phone(phone) for phone in person.phones or ())
