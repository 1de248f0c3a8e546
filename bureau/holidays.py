"""The shipped holiday schedules: State Council General Office notices, and 2027's statutory days.

2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12).
2026: 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号, 2025-11-04).
2027: the notice was not available when this shipped; the statutory holidays of
全国年节及纪念日放假办法 (2024 revision, art. 2) are entered and the year stays
incomplete until an administrator adds the swapped days and make-up working days.

Loaded by migration 0005 and, in tests, by the `holidays` fixture (a flushed test
database loses migration data).
"""

import datetime as dt
from typing import Any

HOLIDAY = "holiday"
WORKDAY = "workday"


def _span(first: str, last: str) -> list[str]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [
        (start + dt.timedelta(days=offset)).isoformat()
        for offset in range((end - start).days + 1)
    ]


SCHEDULES = [
    {
        "year": 2025,
        "notice": "国办发明电〔2024〕12号",
        "published_on": "2024-11-12",
        "complete": True,
        "holidays": [
            ("元旦", ["2025-01-01"]),
            ("春节", _span("2025-01-28", "2025-02-04")),
            ("清明节", _span("2025-04-04", "2025-04-06")),
            ("劳动节", _span("2025-05-01", "2025-05-05")),
            ("端午节", _span("2025-05-31", "2025-06-02")),
            ("国庆节、中秋节", _span("2025-10-01", "2025-10-08")),
        ],
        "workdays": [
            ("春节", ["2025-01-26", "2025-02-08"]),
            ("劳动节", ["2025-04-27"]),
            ("国庆节、中秋节", ["2025-09-28", "2025-10-11"]),
        ],
    },
    {
        "year": 2026,
        "notice": "国办发明电〔2025〕7号",
        "published_on": "2025-11-04",
        "complete": True,
        "holidays": [
            ("元旦", _span("2026-01-01", "2026-01-03")),
            ("春节", _span("2026-02-15", "2026-02-23")),
            ("清明节", _span("2026-04-04", "2026-04-06")),
            ("劳动节", _span("2026-05-01", "2026-05-05")),
            ("端午节", _span("2026-06-19", "2026-06-21")),
            ("中秋节", _span("2026-09-25", "2026-09-27")),
            ("国庆节", _span("2026-10-01", "2026-10-07")),
        ],
        "workdays": [
            ("元旦", ["2026-01-04"]),
            ("春节", ["2026-02-14", "2026-02-28"]),
            ("劳动节", ["2026-05-09"]),
            ("国庆节", ["2026-09-20", "2026-10-10"]),
        ],
    },
    {
        # Statutory days only (除夕 2027-02-05; 端午 06-09; 中秋 09-15, lunar calendar).
        "year": 2027,
        "notice": "全国年节及纪念日放假办法 第二条 (法定假日; 调休待国务院办公厅通知)",
        "published_on": None,
        "complete": False,
        "holidays": [
            ("元旦", ["2027-01-01"]),
            ("春节", _span("2027-02-05", "2027-02-08")),
            ("清明节", ["2027-04-05"]),
            ("劳动节", ["2027-05-01", "2027-05-02"]),
            ("端午节", ["2027-06-09"]),
            ("中秋节", ["2027-09-15"]),
            ("国庆节", _span("2027-10-01", "2027-10-03")),
        ],
        "workdays": [],
    },
]


def load_shipped_schedules(schedule_model: Any, day_model: Any) -> int:
    """Create the shipped years and days that are missing; rows already there are kept."""
    years = {entry["year"] for entry in SCHEDULES}
    have_years = set(
        schedule_model.objects.filter(year__in=years).values_list("year", flat=True)
    )
    schedule_model.objects.bulk_create(
        schedule_model(
            year=entry["year"],
            notice=entry["notice"],
            published_on=entry["published_on"],
            complete=entry["complete"],
        )
        for entry in SCHEDULES
        if entry["year"] not in have_years
    )
    wanted = {
        dt.date.fromisoformat(day): (entry["year"], kind, name)
        for entry in SCHEDULES
        for kind, groups in ((HOLIDAY, entry["holidays"]), (WORKDAY, entry["workdays"]))
        for name, days in groups
        for day in days
    }
    have_days = set(
        day_model.objects.filter(date__in=list(wanted)).values_list("date", flat=True)
    )
    missing = [
        day_model(date=day, schedule_id=year, kind=kind, name=name)
        for day, (year, kind, name) in sorted(wanted.items())
        if day not in have_days
    ]
    day_model.objects.bulk_create(missing)
    return len(missing)
