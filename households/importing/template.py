"""The downloadable register template: the data sheet, the uploader's villages, the notes."""

from collections.abc import Iterable
from typing import BinaryIO

import xlsxwriter

from households import labels
from households.importing import spec

# Text columns: Excel must not turn ID numbers, codes or phones into numbers.
_TEXT_COLUMNS = {"household_no", "village_code", "id_number", "phone", "birth_date"}
_NOTES = {
    "household_no": "必填。户编号在本村（社区）内唯一；同一户的成员填同一户编号。",
    "village_code": "必填。12位统计用区划代码，只能填本人负责镇街的村（社区）；"
    "可从下拉列表选择，代码与名称见“村居代码”表。",
    "address": "新户必填（同一户填一次即可，多次填写须一致）；已有户填写则更新地址。",
    "name": "必填。少数民族姓名中的间隔号写作“·”。",
    "document_type": "选填，默认居民身份证。可填："
    + "、".join(labels.DOCUMENT_TYPE.values()),
    "id_number": "必填。18位（旧15位自动升位），末位X大写小写均可；请将本列设为文本格式。",
    "sex": "选填，男/女；填写时须与证件号码一致。",
    "birth_date": "选填，格式 YYYY-MM-DD、YYYY/MM/DD 或 YYYYMMDD；须与证件号码一致。",
    "ethnicity": "选填，如 汉族。",
    "relation": "必填。可填："
    + "、".join(labels.RELATION.values())
    + "；每户只能有一位户主。",
    "marital_status": "选填，默认不详。可填："
    + "、".join(labels.MARITAL_STATUS.values()),
    "residence_status": "选填，默认常住。可填："
    + "、".join(labels.RESIDENCE_STATUS.values()),
    "phone": "选填。多个号码用逗号、分号、顿号或空格分隔；手机11位，座机带区号。",
}
_RULES = (
    "导入先做检查（不写入），逐行列出错误（行号、列、原因），可下载错误报告。",
    "默认全部成功才导入；任何一行有错则一行都不写入。也可选择“只导入无错误的行”。",
    "已在登记库中的人员：核心信息（姓名、性别、出生日期、证件类型、所在户）不同将报错，"
    "请走信息纠错流程；其他信息（关系、民族、婚姻、居住状态、电话）将更新，"
    "空白单元格保留原值。",
    "同一文件重复导入不会产生任何变化。",
    "以 = + - @ 开头的单元格按原文保存，不会作为公式执行。",
)


_CHOICES = {
    "document_type": labels.DOCUMENT_TYPE,
    "sex": labels.SEX,
    "relation": labels.RELATION,
    "marital_status": labels.MARITAL_STATUS,
    "residence_status": labels.RESIDENCE_STATUS,
}
_LAST_ROW = 1_048_575  # the last row of a worksheet (0-based)
VILLAGE_SHEET = "村居代码"


def write_register_template(
    target: BinaryIO, *, villages: Iterable[tuple[str, str, str]] = ()
) -> None:
    """Write the template workbook.

    Sheet 1 holds the headers only, the ID-number and code columns formatted as
    text, and dropdowns on the coded columns; sheet 2 the uploader's `villages`
    (code, name, township), which the village-code dropdown offers; sheet 3 the
    notes and an example.
    """
    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    data = workbook.add_worksheet("登记表")
    village_count = _write_villages(workbook, bold, villages)
    _write_data_sheet(workbook, data, bold, village_count=village_count)
    _write_notes(workbook, bold)
    workbook.close()


def _write_data_sheet(workbook, data, bold, *, village_count: int) -> None:
    text = workbook.add_format({"num_format": "@"})
    for index, column in enumerate(spec.TEMPLATE_COLUMNS):
        width = 22 if column.name in ("address", "id_number", "phone") else 12
        fmt = text if column.name in _TEXT_COLUMNS else None
        data.set_column(index, index, width, fmt)
        data.write_string(0, index, column.headers[0], bold)
        choices = _CHOICES.get(column.name)
        if choices:
            _dropdown(data, index, list(choices.values()), column.headers[0])
        elif column.name == "village_code" and village_count:
            source = f"='{VILLAGE_SHEET}'!$A$2:$A${village_count + 1}"
            _dropdown(data, index, source, column.headers[0])
    data.freeze_panes(1, 0)


def _dropdown(sheet, index: int, source, header: str) -> None:
    """A list to choose from; other text only draws a warning (aliases are accepted)."""
    sheet.data_validation(
        1,
        index,
        _LAST_ROW,
        index,
        {
            "validate": "list",
            "source": source,
            "error_type": "warning",
            "error_title": header,
            "error_message": "不在下拉列表中；请核对后再填写，导入检查时会逐行说明。",
        },
    )


def _write_villages(workbook, bold, villages) -> int:
    sheet = workbook.add_worksheet(VILLAGE_SHEET)
    text = workbook.add_format({"num_format": "@"})
    sheet.set_column(0, 0, 16, text)
    sheet.set_column(1, 2, 24)
    sheet.write_row(0, 0, ["村居代码", "村（社区）名称", "镇街"], bold)
    count = 0
    for count, (code, name, township) in enumerate(villages, start=1):
        sheet.write_string(count, 0, code)
        sheet.write_string(count, 1, name)
        sheet.write_string(count, 2, township)
    sheet.freeze_panes(1, 0)
    return count


def _write_notes(workbook, bold) -> None:
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    notes = workbook.add_worksheet("填写说明")
    notes.set_column(0, 0, 14)
    notes.set_column(1, 1, 70, wrap)
    notes.set_column(2, 2, 26)
    notes.write_row(0, 0, ["列名", "填写要求", "示例"], bold)
    for index, column in enumerate(spec.TEMPLATE_COLUMNS, start=1):
        notes.write_string(index, 0, column.headers[0])
        notes.write_string(index, 1, _NOTES[column.name])
        notes.write_string(index, 2, spec.EXAMPLE_ROW[column.name])
    start = len(spec.TEMPLATE_COLUMNS) + 2
    notes.write_string(start, 0, "导入规则", bold)
    for offset, rule in enumerate(_RULES, start=1):
        notes.write_string(start + offset, 1, rule)
