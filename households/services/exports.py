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
from bureau.filters import unreadable
from bureau.masking import PHONE_SEPARATOR, mask_id_number, mask_phones
from households import labels, selectors
from households.filters import ExportPersonFilter
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
_EIGHTEEN_CHARACTERS = frozenset(
    {DocumentType.RESIDENT_ID, DocumentType.HMT_PERMIT, DocumentType.FOREIGN_PR}
)


class FilterError(ValueError):
    """A filter value the export does not accept (the message names it)."""


def exportable_persons(
    user: Any, params: Mapping[str, str]
) -> tuple[QuerySet[Person], dict[str, Any]]:
    """The persons `user` may see, narrowed by the list filters, and the filters applied.

    The filters are the API's (households.filters.PersonFilter: village, township,
    household, residence_status, is_alive, search) and `q` as the search page names
    it. A value a filter cannot read is refused, never ignored; so is a whole ID
    number: it would travel in the URL and be kept in the export log.
    """
    filters = ExportPersonFilter(
        params, queryset=selectors.visible_persons(user), user=user
    )
    if not filters.is_valid():
        raise FilterError(_describe(filters.errors))
    problems = unreadable(filters, params)
    if problems:
        raise FilterError(_describe(problems))
    applied = filters.values()
    for name in ("q", "search"):
        if selectors.looks_like_id_number(str(applied.get(name, ""))):
            raise FilterError(
                _(
                    "Exports are not filtered by ID number; search for the person instead."
                )
            )
    return filters.qs, applied


def _describe(errors: Mapping[str, Any]) -> str:
    return " ".join(
        f"{name}: {' '.join(str(m) for m in messages)}"
        for name, messages in errors.items()
    )


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
            phone_text = PHONE_SEPARATOR.join(phones or ())
        else:
            id_number = masked_id(document_type, prefix, last4)
            phone_text = mask_phones(phones)
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
