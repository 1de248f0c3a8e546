"""The Chinese words the register's spreadsheets use for each stored value.

A bureau's spreadsheet says 男, 户主, 已婚, 常住 — never the stored codes. The export writes
these words (whatever the interface language) and the demo generator writes rows with them,
so an export or a generated file reads like the register template.
"""

from households.idnumbers import DocumentType
from households.models.person import MaritalStatus, Relation, ResidenceStatus, Sex

SEX = {Sex.MALE: "男", Sex.FEMALE: "女"}
DOCUMENT_TYPE = {
    DocumentType.RESIDENT_ID: "居民身份证",
    DocumentType.HMT_PERMIT: "港澳台居民居住证",
    DocumentType.FOREIGN_PR: "外国人永久居留身份证",
    DocumentType.OTHER: "其他证件",
}
RELATION = {
    Relation.HEAD: "户主",
    Relation.SPOUSE: "配偶",
    Relation.SON: "子",
    Relation.DAUGHTER: "女",
    Relation.PARENT: "父母",
    Relation.GRANDCHILD: "孙子女",
    Relation.OTHER: "其他",
}
MARITAL_STATUS = {
    MaritalStatus.UNMARRIED: "未婚",
    MaritalStatus.MARRIED: "已婚",
    MaritalStatus.DIVORCED: "离婚",
    MaritalStatus.WIDOWED: "丧偶",
    MaritalStatus.UNKNOWN: "不详",
}
RESIDENCE_STATUS = {
    ResidenceStatus.RESIDENT: "常住",
    ResidenceStatus.MOVED_AWAY: "流出",
    ResidenceStatus.MOVED_IN: "流入",
}
ALIVE = {True: "是", False: "否"}
