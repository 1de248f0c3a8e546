"""The baselines the bench compares against: plain django-import-export resources.

"Plain" means what a team gets by following the django-import-export documentation: a
`ModelResource` with default settings (no bulk mode, no cached widgets, per-row instance
lookup through `import_id_fields`, row-by-row `save()`), a `ForeignKeyWidget` for the
household, and the register's derived columns (encrypted number, lookup hash, pinyin)
computed in `before_import_row` with the same functions the register uses. It checks the
ID number but none of the pipeline's other rules, so it does less work than ours.
"""

from django.utils import timezone
from import_export import fields, resources, widgets

from bureau.masking import mask_id_number, mask_phone
from households import labels
from households.derived import id_columns, name_columns
from households.idnumbers import check_id_number
from households.models import Household, Person

HEADER_TO_FIELD = {
    "户编号": "household_no",
    "村居代码": "village_code",
    "地址": "address",
    "姓名": "name",
    "证件类型": "document_type",
    "证件号码": "id_number",
    "性别": "sex",
    "出生日期": "birth_date",
    "民族": "ethnicity",
    "与户主关系": "relation_to_head",
    "婚姻状况": "marital_status",
    "居住状态": "residence_status",
    "联系电话": "phones",
}


def _reverse(table: dict) -> dict[str, str]:
    return {label: str(value) for value, label in table.items()}


_SEX = _reverse(labels.SEX)
_DOCUMENT = _reverse(labels.DOCUMENT_TYPE)
_RELATION = _reverse(labels.RELATION)
_MARITAL = _reverse(labels.MARITAL_STATUS)
_RESIDENCE = _reverse(labels.RESIDENCE_STATUS)


class PlainPersonImport(resources.ModelResource):
    household = fields.Field(
        attribute="household",
        column_name="household",
        widget=widgets.ForeignKeyWidget(Household),
    )
    phones = fields.Field(
        attribute="phones", column_name="phones", widget=widgets.SimpleArrayWidget()
    )

    class Meta:
        model = Person
        import_id_fields = ("id_number_hash",)
        fields = (
            "household",
            "relation_to_head",
            "name",
            "name_pinyin",
            "name_initials",
            "name_search",
            "name_sort",
            "document_type",
            "id_number_encrypted",
            "id_number_hash",
            "id_legacy_encrypted",
            "id_prefix",
            "id_last4",
            "sex",
            "birth_date",
            "ethnicity",
            "marital_status",
            "residence_status",
            "phones",
        )

    def before_import_row(self, row, **kwargs):
        for header, name in HEADER_TO_FIELD.items():
            if header in row:
                row[name] = row.pop(header)
        document_type = _DOCUMENT.get(row.get("document_type") or "", "resident_id")
        check = check_id_number(
            str(row.get("id_number") or ""),
            document_type=document_type,
            today=timezone.localdate(),
        )
        household, _ = Household.objects.get_or_create(
            village_id=row["village_code"],
            number=row["household_no"],
            defaults={"address": row.get("address") or ""},
        )
        row.update(
            household=household.pk,
            document_type=document_type,
            sex=check.sex or _SEX.get(row.get("sex") or "", ""),
            birth_date=check.birth_date,
            relation_to_head=_RELATION.get(row.get("relation_to_head") or "", "other"),
            marital_status=_MARITAL.get(row.get("marital_status") or "", "unknown"),
            residence_status=_RESIDENCE.get(
                row.get("residence_status") or "", "resident"
            ),
            ethnicity=row.get("ethnicity") or "",
            phones=row.get("phones") or "",
            **id_columns(check),
            **name_columns(row.get("name") or ""),
        )


class PlainPersonExport(resources.ModelResource):
    """The register's export columns, declared the documented way (attribute paths)."""

    household_no = fields.Field(attribute="household__number", column_name="户编号")
    village_code = fields.Field(
        attribute="household__village__code", column_name="村居代码"
    )
    village = fields.Field(attribute="household__village__name", column_name="村居")
    township = fields.Field(
        attribute="household__village__township__name", column_name="镇街"
    )
    address = fields.Field(attribute="household__address", column_name="地址")
    person_name = fields.Field(attribute="name", column_name="姓名")
    pinyin = fields.Field(attribute="name_pinyin", column_name="拼音")
    document = fields.Field(column_name="证件类型")
    id_number = fields.Field(column_name="证件号码")
    sex_label = fields.Field(column_name="性别")
    born = fields.Field(attribute="birth_date", column_name="出生日期")
    nation = fields.Field(attribute="ethnicity", column_name="民族")
    relation = fields.Field(column_name="与户主关系")
    marital = fields.Field(column_name="婚姻状况")
    residence = fields.Field(column_name="居住状态")
    alive = fields.Field(column_name="存活")
    phone = fields.Field(column_name="联系电话")

    class Meta:
        model = Person
        fields = (
            "household_no", "village_code", "village", "township", "address",
            "person_name", "pinyin", "document", "id_number", "sex_label", "born",
            "nation", "relation", "marital", "residence", "alive", "phone",
        )  # fmt: skip

    def dehydrate_document(self, person):
        return labels.DOCUMENT_TYPE.get(person.document_type, person.document_type)

    def dehydrate_id_number(self, person):
        return mask_id_number(f"{person.id_prefix}{'0' * 8}{person.id_last4}")

    def dehydrate_sex_label(self, person):
        return labels.SEX.get(person.sex, person.sex)

    def dehydrate_relation(self, person):
        return labels.RELATION.get(person.relation_to_head, person.relation_to_head)

    def dehydrate_marital(self, person):
        return labels.MARITAL_STATUS.get(person.marital_status, person.marital_status)

    def dehydrate_residence(self, person):
        return labels.RESIDENCE_STATUS.get(
            person.residence_status, person.residence_status
        )

    def dehydrate_alive(self, person):
        return labels.ALIVE[bool(person.is_alive)]

    def dehydrate_phone(self, person):
        return "、".join(mask_phone(phone) for phone in person.phones or ())
