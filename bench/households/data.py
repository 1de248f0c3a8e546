"""The bench's world: a district of townships and villages, users, and register files."""

import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

from bureau.models import Township, User, Village
from bureau.roles import Role
from bureau.spreadsheets import write_csv, write_xlsx
from households.demo import ROW_KEYS, generate_register_rows

HEADERS = (
    "户编号",
    "村居代码",
    "地址",
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "出生日期",
    "民族",
    "与户主关系",
    "婚姻状况",
    "居住状态",
    "联系电话",
)
TOWNSHIPS = 12
VILLAGES_PER_TOWNSHIP = 21
LOADER = "bench-loader"
AUDITOR = "bench-auditor"
# Tables a variant starts without: the register and its audit events. Org units,
# users, surname readings and county agreements stay.
REGISTER_TABLES_KEPT = ("households_surnamereading", "households_countyagreement")


def district_villages() -> list[tuple[str, str]]:
    """(code, name) of the bench district's villages: 12 townships x 21 villages."""
    district = settings.BUREAU_DISTRICT_CODE
    villages = []
    for t in range(TOWNSHIPS):
        township = f"{district}{(t + 1) if t < 4 else 96 + t:03d}"
        for v in range(VILLAGES_PER_TOWNSHIP):
            suffix = v + 1 if t < 4 else 201 + v
            kind = "社区" if t < 4 else "村"
            villages.append((f"{township}{suffix:03d}", f"第{t + 1}镇街{v + 1}{kind}"))
    return villages


def ensure_district() -> tuple[User, User]:
    """Create the district's org units and the bench users once; return (loader, auditor)."""
    villages = district_villages()
    townships = {code[:9] + "000" for code, _ in villages}
    Township.objects.bulk_create(
        [
            Township(code=code, name=f"镇街{code[6:9]}", kind=Township.kind_for(code))
            for code in sorted(townships)
        ],
        ignore_conflicts=True,
    )
    Village.objects.bulk_create(
        [
            Village(
                code=code,
                township_id=code[:9] + "000",
                name=name,
                urban_rural_code="111" if int(code[9:]) < 200 else "220",
            )
            for code, name in villages
        ],
        ignore_conflicts=True,
    )
    loader, created = User.objects.get_or_create(
        username=LOADER, defaults={"role": Role.STAFF, "full_name": "基准测试导入"}
    )
    if created:
        loader.set_unusable_password()
        loader.save()
    loader.townships.set(Township.objects.filter(code__in=townships))
    auditor, created = User.objects.get_or_create(
        username=AUDITOR, defaults={"role": Role.AUDITOR, "full_name": "基准测试审计"}
    )
    if created:
        auditor.set_unusable_password()
        auditor.save()
    return loader, auditor


def truncate_register() -> None:
    """Empty persons, households, everything hanging off them, and their audit events."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename LIKE 'households\\_%%'"
        )
        tables = [
            name
            for (name,) in cursor.fetchall()
            if not name.startswith(REGISTER_TABLES_KEPT)
        ]
        quoted = ", ".join(connection.ops.quote_name(name) for name in tables)
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


def register_rows(*, persons: int, seed: int) -> Iterator[dict[str, str]]:
    return generate_register_rows(
        persons=persons,
        seed=seed,
        villages=district_villages(),
        district_code=settings.BUREAU_DISTRICT_CODE,
    )


def with_errors(rows: Iterable[dict[str, str]], *, rate: float, seed: int):
    """Spoil about `rate` of the rows with the defects real files have."""
    rng = random.Random(f"{seed}:errors")
    previous_id = ""
    for row in rows:
        if rng.random() < rate:
            row = dict(row)
            defect = rng.randrange(6)
            if defect == 0:  # a mistyped digit: the check character no longer fits
                digit = str((int(row["id_number"][10]) + 1) % 10)
                row["id_number"] = row["id_number"][:10] + digit + row["id_number"][11:]
            elif defect == 1:
                row["village_code"] = row["village_code"][:9] + "999"
            elif defect == 2 and previous_id:
                row["id_number"] = previous_id
            elif defect == 3:
                row["sex"] = "女" if row["sex"] == "男" else "男"
            elif defect == 4:
                row["birth_date"] = "2023-02-30"
            else:
                row["name"] = ""
        previous_id = row["id_number"]
        yield row


def write_register_file(path: Path, rows: Iterable[dict[str, str]]) -> int:
    """Write rows under the template's Chinese headers as .xlsx or .csv (by suffix)."""
    values = ([row[key] for key in ROW_KEYS] for row in rows)
    if path.suffix == ".xlsx":
        return write_xlsx(path, headers=HEADERS, rows=values, sheet_title="人口登记")
    return write_csv(path, headers=HEADERS, rows=values)
