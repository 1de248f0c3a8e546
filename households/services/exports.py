"""The register export: which persons, which columns, masked unless unmasking is allowed.

    persons, applied = exportable_persons(user, request.GET)
    rows = register_rows(persons, unmasked=options.unmasked)

The pages (households.views.exports) and the benchmark hand the rows to
bureau.exports, which checks the permission, writes the file and logs it once.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bureau import crypto, exports
from bureau.masking import mask_id_number, mask_phone
from households import labels, selectors
from households.idnumbers import DocumentType
from households.models import Person

HEADERS = (
    "户编号",
    "村居代码",
    "村居",
    "镇街",
    "地址",
    "姓名",
    "拼音",
    "证件类型",
    "证件号码",
    "性别",
    "出生日期",
    "民族",
    "与户主关系",
    "婚姻状况",
    "居住状态",
    "存活",
    "联系电话",
)
FIELDS = (
    "household__number",
    "household__village_id",
    "household__village__name",
    "household__village__township__name",
    "household__address",
    "name",
    "name_pinyin",
    "document_type",
    "id_prefix",
    "id_last4",
    "sex",
    "birth_date",
    "ethnicity",
    "relation_to_head",
    "marital_status",
    "residence_status",
    "is_alive",
    "phones",
)
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_EIGHTEEN_CHARACTERS = frozenset(
    {DocumentType.RESIDENT_ID, DocumentType.HMT_PERMIT, DocumentType.FOREIGN_PR}
)


class FilterError(ValueError):
    """A filter value the export does not accept (the message names it)."""


def exportable_persons(
    user: Any, params: Mapping[str, str]
) -> tuple[QuerySet[Person], dict[str, Any]]:
    """The persons `user` may see, narrowed by the list filters, and the filters applied.

    Filters: village (code), township (code), residence_status, is_alive, q (name,
    pinyin or initials; `search` is accepted too). A whole ID number is refused: it
    would travel in the URL and be kept in the export log.
    """
    persons = selectors.visible_persons(user)
    applied: dict[str, Any] = {}
    village = (params.get("village") or "").strip()
    if village:
        persons = persons.filter(household__village_id=village)
        applied["village"] = village
    township = (params.get("township") or "").strip()
    if township:
        persons = persons.filter(household__village__township_id=township)
        applied["township"] = township
    status = (params.get("residence_status") or "").strip()
    if status:
        if status not in Person.ResidenceStatus.values:
            raise FilterError(
                _("Unknown residence status %(value)s.") % {"value": status}
            )
        persons = persons.filter(residence_status=status)
        applied["residence_status"] = status
    alive = (params.get("is_alive") or "").strip().lower()
    if alive:
        if alive not in _TRUE | _FALSE:
            raise FilterError(_("is_alive must be true or false."))
        persons = persons.filter(is_alive=alive in _TRUE)
        applied["is_alive"] = alive in _TRUE
    query = (params.get("q") or params.get("search") or "").strip()
    if query:
        if selectors.looks_like_id_number(query):
            raise FilterError(
                _(
                    "Exports are not filtered by ID number; search for the person instead."
                )
            )
        persons = persons & selectors.search_persons(user, query)
        applied["q"] = query
    return persons, applied


def masked_id(document_type: str, prefix: str, last4: str) -> str:
    """The number as lists show it, from the stored visible parts (nothing decrypted)."""
    if not last4:
        return ""
    if document_type in _EIGHTEEN_CHARACTERS:
        return mask_id_number(f"{prefix}{'0' * 8}{last4}")
    # Other documents vary in length; the prefix could overlap the tail, so show only the tail.
    return "*" * 6 + last4


def register_rows(
    persons: QuerySet[Person], *, unmasked: bool
) -> Iterator[tuple[object, ...]]:
    """One tuple per person in HEADERS order, read through a server-side cursor."""
    fields = (*FIELDS, "id_number_encrypted") if unmasked else FIELDS
    ordered = persons.order_by("household__village_id", "household__number", "pk")
    for values in ordered.values_list(*fields).iterator(chunk_size=exports.CHUNK_SIZE):
        (
            number,
            village_code,
            village_name,
            township_name,
            address,
            name,
            pinyin,
            document_type,
            prefix,
            last4,
            sex,
            birth_date,
            ethnicity,
            relation,
            marital_status,
            residence_status,
            is_alive,
            phones,
        ) = values[: len(FIELDS)]
        if unmasked:
            id_number = crypto.decrypt(values[-1]) if values[-1] else ""
            phone_text = "、".join(phones or ())
        else:
            id_number = masked_id(document_type, prefix, last4)
            phone_text = "、".join(mask_phone(phone) for phone in phones or ())
        yield (
            number,
            village_code,
            village_name,
            township_name,
            address,
            name,
            pinyin,
            labels.DOCUMENT_TYPE.get(document_type, document_type),
            id_number,
            labels.SEX.get(sex, sex),
            birth_date,
            ethnicity,
            labels.RELATION.get(relation, relation),
            labels.MARITAL_STATUS.get(marital_status, marital_status),
            labels.RESIDENCE_STATUS.get(residence_status, residence_status),
            labels.ALIVE[bool(is_alive)],
            phone_text,
        )
