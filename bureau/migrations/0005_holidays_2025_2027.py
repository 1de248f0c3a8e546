"""Ship the holiday schedules of 2025 and 2026 and the statutory days of 2027 (bureau.holidays)."""

from django.db import migrations


def ship_schedules(apps, schema_editor):
    from bureau.holidays import load_shipped_schedules

    load_shipped_schedules(
        apps.get_model("bureau", "HolidaySchedule"),
        apps.get_model("bureau", "CalendarDay"),
    )


def remove_schedules(apps, schema_editor):
    apps.get_model("bureau", "HolidaySchedule").objects.filter(
        year__in=[2025, 2026, 2027]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bureau", "0004_deadline_clocks"),
    ]

    operations = [
        migrations.RunPython(ship_schedules, remove_schedules),
    ]
