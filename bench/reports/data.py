"""The reports suite's world, generated set-based in SQL (generate_series), not row by row.

Two worlds share the bench database: a district of 12 townships with `district` persons
and a city of 65 townships with `city` persons. Each has its own issued directive (the
district's for this month, the city's for the last) whose receipts name only its own
townships, so a nightly run scores exactly that world. About 1 % of persons have a
correction applied in their directive's month and 0.5 % of households an open data-quality
finding; the statistics table gets `export_rows` synthetic rows for the export scenario.
The audit triggers are off while the world is written (setup is not measured).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bureau.models import Township, User, Village
from bureau.roles import Role

DISTRICT_TOWNSHIPS = 12
CITY_TOWNSHIPS = 65
VILLAGES_PER_TOWNSHIP = 20
PERSONS_PER_HOUSEHOLD = 3
CHIEF = "bench-reports-chief"
AUDITOR = "bench-reports-auditor"
INDICATORS = (
    ("households.corrections_applied", 10, {"target": 0, "step": 1, "deduction": 0}),
    ("households.quality_findings", 20, {"target": 0, "step": "0.01", "deduction": 1}),
    ("households.reconciliation_backlog", 10, {"target": 0, "step": 1, "deduction": 1}),
)


def months() -> dict[str, datetime.date]:
    this = timezone.localdate().replace(day=1)
    last = (this - datetime.timedelta(days=1)).replace(day=1)
    return {"district": this, "city": last}


def township_codes(world: str) -> list[str]:
    district = settings.BUREAU_DISTRICT_CODE
    if world == "district":
        return [f"{district}{100 + t:03d}000" for t in range(DISTRICT_TOWNSHIPS)]
    return [f"{district}{200 + t:03d}000" for t in range(CITY_TOWNSHIPS)]


def users() -> tuple[User, User]:
    made = []
    for username, role in ((CHIEF, Role.CHIEF), (AUDITOR, Role.AUDITOR)):
        user, created = User.objects.get_or_create(
            username=username, defaults={"role": role, "full_name": username}
        )
        if created:
            user.set_unusable_password()
            user.save()
        made.append(user)
    return made[0], made[1]


def _org_units(world: str) -> None:
    codes = township_codes(world)
    label = "区" if world == "district" else "市"
    Township.objects.bulk_create(
        [
            Township(
                code=code, name=f"基准{label}镇{n + 1}", kind=Township.kind_for(code)
            )
            for n, code in enumerate(codes)
        ],
        ignore_conflicts=True,
    )
    Village.objects.bulk_create(
        [
            Village(
                code=f"{code[:9]}{v + 201:03d}",
                township_id=code,
                name=f"基准村{n + 1}-{v + 1}",
                urban_rural_code="220",
            )
            for n, code in enumerate(codes)
            for v in range(VILLAGES_PER_TOWNSHIP)
        ],
        ignore_conflicts=True,
    )


REGISTER_SQL = """
CREATE TEMP TABLE bench_villages ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY code) - 1 AS n, code
  FROM bureau_village WHERE township_id = ANY(%(townships)s);
INSERT INTO households_household
  (number, address, grid_cell, version, created_at, updated_at, village_id)
SELECT 'B' || %(tag)s || lpad(g::text, 8, '0'), '基准路' || g || '号', '', 1, now(), now(),
       v.code
FROM generate_series(0, %(households)s - 1) AS g
JOIN bench_villages v ON v.n = g %% %(villages)s;
INSERT INTO households_person
  (household_id, relation_to_head, name, name_pinyin, name_initials, name_search,
   name_sort, manual_pinyin, document_type, id_number_encrypted, id_number_hash,
   id_legacy_encrypted, id_prefix, id_last4, sex, birth_date, ethnicity, marital_status,
   residence_status, is_alive, phones, version, created_at, updated_at)
SELECT h.id, CASE WHEN p = 0 THEN 'head' ELSE 'child' END, '基准' || h.id || '-' || p,
       'jizhun', 'jz', 'jizhun', 'jizhun' || h.id, '', 'resident_id', '',
       md5(%(tag)s || h.id || '-' || p), '', '', '', CASE WHEN p = 1 THEN 'F' ELSE 'M' END,
       date '1960-01-01' + (h.id %% 20000)::int, '01', 'married', 'resident', true,
       '{}', 1, now(), now()
FROM households_household h
CROSS JOIN generate_series(0, %(per_household)s - 1) AS p
WHERE h.number LIKE 'B' || %(tag)s || '%%';
INSERT INTO households_correction
  (person_id, before, after, reason, source, status, raised_at, decided_at,
   decision_note, raised_by_id)
SELECT p.id, '{}', '{}', '基准', 'staff', 'applied', %(moment)s, %(moment)s, '',
       %(chief)s
FROM households_person p JOIN households_household h ON h.id = p.household_id
WHERE h.number LIKE 'B' || %(tag)s || '%%' AND p.id %% 100 = 0;
INSERT INTO households_dataqualityissue
  (kind, details, first_seen_on, last_seen_on, township_id, household_id)
SELECT 'no_head', '{}', %(day)s, %(day)s, v.township_id, h.id
FROM households_household h JOIN bureau_village v ON v.code = h.village_id
WHERE h.number LIKE 'B' || %(tag)s || '%%' AND h.id %% 200 = 0;
"""


def _register(world: str, persons: int, chief: User) -> None:
    month = months()[world]
    households = max(persons // PERSONS_PER_HOUSEHOLD, 1)
    moment = timezone.make_aware(datetime.datetime.combine(month, datetime.time(10)))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            REGISTER_SQL,
            {
                "townships": township_codes(world),
                "tag": world[0].upper(),
                "households": households,
                "villages": len(township_codes(world)) * VILLAGES_PER_TOWNSHIP,
                "per_household": PERSONS_PER_HOUSEHOLD,
                "moment": moment,
                "day": month,
                "chief": chief.pk,
            },
        )


def _directive(world: str, chief: User):
    from reports import services
    from reports.models import DirectiveItem, Receipt

    directive = services.create_directive(
        by=chief, month=months()[world], title=f"基准{world}月度任务"
    )
    for code, weight, rule in INDICATORS:
        services.add_item(
            by=chief,
            directive=directive,
            kind=DirectiveItem.Kind.INDICATOR,
            indicator_code=code,
            weight=weight,
            rule=DirectiveItem.Rule.THRESHOLD,
            target=rule["target"],
            step=Decimal(str(rule["step"])),
            deduction=rule["deduction"],
        )
    services.issue_directive(by=chief, directive=directive)
    # Every current township got a receipt; the world's run scores its own only.
    Receipt.objects.filter(directive=directive).exclude(
        township_id__in=township_codes(world)
    ).delete()
    return directive


STATISTICS_SQL = """
INSERT INTO reports_monthlyfigure
  (month, township_id, indicator, numerator, denominator, computed_at)
SELECT (date %(first)s + make_interval(months => m))::date, t.code,
       'bench.indicator_' || lpad(i::text, 3, '0'), (m * 7 + i) %% 97, 100, now()
FROM generate_series(0, 11) AS m
CROSS JOIN (SELECT code FROM bureau_township WHERE code = ANY(%(townships)s)) AS t
CROSS JOIN generate_series(1, %(indicators)s) AS i
ORDER BY 1, 2, 3
LIMIT %(rows)s;
"""


def _statistics(rows: int) -> None:
    townships = township_codes("city")
    per_indicator = 12 * len(townships)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            STATISTICS_SQL,
            {
                "first": datetime.date(2000, 1, 1),
                "townships": townships,
                "indicators": -(-rows // per_indicator),
                "rows": rows,
            },
        )


def reset() -> None:
    """Empty what the suite writes: rankings, directives, statistics, its register."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE reports_villagefigure, reports_itemscore, reports_townshipscore, "
            "reports_publication, reports_yellowcard, reports_rankingrun, "
            "reports_ledgerentry, reports_receipt, reports_directiveitem, "
            "reports_directive, reports_monthlyfigure CASCADE"
        )
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename LIKE 'households\\_%%'"
        )
        tables = [name for (name,) in cursor.fetchall()]
        quoted = ", ".join(connection.ops.quote_name(name) for name in tables)
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


def build(*, district: int, city: int, export_rows: int) -> dict[str, int]:
    """Write both worlds and the statistics rows; returns what was written."""
    reset()
    chief, _auditor = users()
    for world, persons in (("district", district), ("city", city)):
        _org_units(world)
        _register(world, persons, chief)
        _directive(world, chief)
    _statistics(export_rows)
    from households.models import Person
    from reports.models import MonthlyFigure

    return {
        "persons": Person.objects.count(),
        "statistics_rows": MonthlyFigure.objects.count(),
    }
