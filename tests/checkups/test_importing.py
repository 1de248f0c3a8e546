"""Clinics' attendance lists through the core import pipeline (kind checkups.attendance)."""

import pytest
from django.core.files.base import ContentFile

from bureau.imports import check_import, commit_import, start_import
from checkups.importing import KIND, parse_day
from checkups.models import Visit
from households.models.consent import Purpose
from tests.checkups import factories as f

pytestmark = pytest.mark.django_db
HEADER = "身份证号,姓名,检查日期,检查点\r\n"


@pytest.fixture
def campaign(village):
    return f.campaign(townships=[village.township], status="open")


def _invited(village, campaign, staff):
    person = f.woman(village=village)
    f.consent(person, Purpose.HEALTH_DATA, by=staff)
    f.invitation(village=village, person=person, campaign_=campaign)
    return person


def _job(staff, lines):
    text = HEADER + "".join(f"{line}\r\n" for line in lines)
    return start_import(
        by=staff, kind=KIND, file=ContentFile(text.encode("utf-8")), filename="到检.csv"
    )


def test_a_clean_list_becomes_unsigned_visits(village, campaign, staff):
    first = _invited(village, campaign, staff)
    second = _invited(village, campaign, staff)
    job = _job(
        staff,
        [
            f"{first.id_number},{first.name},2026-04-10,",
            f"{second.id_number},,2026/4/12,",
        ],
    )

    assert check_import(job.pk).status == "checked"
    assert not Visit.objects.exists()
    done = commit_import(job.pk)

    assert done.status == "done"
    visits = Visit.objects.order_by("visited_on")
    assert [v.person_id for v in visits] == [first.pk, second.pk]
    assert all(v.source == "import" and not v.is_complete for v in visits)


def test_hostile_rows_are_named_and_nothing_is_written(
    village, other_village, campaign, staff
):
    good = _invited(village, campaign, staff)
    outside = f.woman(village=village)  # in the register, invited by no campaign
    elsewhere = f.woman(village=other_village)  # another township's person
    job = _job(
        staff,
        [
            f"{good.id_number},,2026-04-10,",  # row 2: fine
            "110101199001011234,,2026-04-10,",  # row 3: unknown number
            f"{outside.id_number},,2026-04-10,",  # row 4: outside the campaign
            f"{good.id_number},,2026-04-11,",  # row 5: duplicate of row 2
            f"{elsewhere.id_number},,2026-04-10,",  # row 6: not in the user's townships
            "12345,,2026-04-10,",  # row 7: not an ID number
        ],
    )
    bad_date = _invited(village, campaign, staff)
    late = _invited(village, campaign, staff)
    job2 = _job(
        staff,
        [f"{bad_date.id_number},,10.4.2026,", f"{late.id_number},,2026-09-01,"],
    )

    done = commit_import(job.pk)
    done2 = commit_import(job2.pk)

    assert done.status != "done"
    assert {e["row"] for e in done.errors} == {3, 4, 5, 6, 7}
    # The duplicate names the row it repeats (the pipeline speaks the UI's language).
    duplicate = next(e["message"] for e in done.errors if e["row"] == 5)
    assert "row 2" in duplicate or "第 2 行" in duplicate
    assert {e["row"] for e in done2.errors} == {2, 3}
    assert all(e["column"] == "检查日期" for e in done2.errors)
    assert not Visit.objects.exists()


def test_a_person_without_consent_is_a_row_error(village, campaign, staff):
    person = f.woman(village=village)
    f.invitation(village=village, person=person, campaign_=campaign)

    done = commit_import(_job(staff, [f"{person.id_number},,2026-04-10,"]).pk)

    assert [e["row"] for e in done.errors] == [2]
    assert not Visit.objects.exists()


def test_dates_in_the_usual_spellings_are_read():
    assert str(parse_day("2026年4月10日")) == "2026-04-10"
    assert str(parse_day("20260410")) == "2026-04-10"
    assert parse_day("2026-02-30") is None


def test_the_import_command_takes_the_attendance_kind(
    village, campaign, staff, tmp_path
):
    import io

    from django.core.management import call_command

    person = _invited(village, campaign, staff)
    path = tmp_path / "到检.csv"
    path.write_bytes((HEADER + f"{person.id_number},,2026-04-10,\r\n").encode("utf-8"))
    out = io.StringIO()

    call_command("import", KIND, str(path), "--as", staff.username, stdout=out)

    assert Visit.objects.get().person == person
    assert "added 1" in out.getvalue()
