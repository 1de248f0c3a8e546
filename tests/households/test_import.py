"""The register import: files in, households and persons out, every rule applied."""

import datetime

import pytest
from django.utils import timezone, translation
from pghistory.models import Context

from bureau import crypto
from bureau.imports import check_import, commit_import, start_import
from bureau.models import ImportJob
from households.idnumbers import check_id_number
from households.importing import KIND, import_register_file, import_register_rows
from households.importing import run as run_module
from households.importing import stage as stage_module
from households.models import Household, Person
from households.selectors import id_number_hash
from households.services import register_import as write_module
from tests.households.factories import (
    HouseholdFactory,
    PersonFactory,
    make_head,
    make_id_number,
    make_legacy_id_number,
)
from tests.households.import_files import (
    csv_bytes,
    family,
    person_row,
    write_file,
    xlsx_bytes,
)

PersonEvent = Person.pgh_event_model
HouseholdEvent = Household.pgh_event_model


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def blocking(result):
    return [(e.row, e.column) for e in result.errors if not e.warning]


def two_families(village):
    return family(village, "00001", serial=1) + family(village, "00002", serial=2)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_file_creates_households_persons_and_heads(staff, village, tmp_path, kind):
    data = csv_bytes(two_families(village)) if kind == "csv" else None
    data = data or xlsx_bytes(two_families(village))
    path = write_file(tmp_path, f"register.{kind}", data)

    result = import_register_file(by=staff, path=path)

    assert result.committed
    assert blocking(result) == []
    assert (result.rows_created, result.details["households_created"]) == (6, 2)
    household = Household.objects.get(village=village, number="00001")
    assert household.address == "幸福村1组00001号"
    assert household.head.name == "张伟"
    assert household.members.count() == 3
    head = household.head
    assert head.relation_to_head == Person.Relation.HEAD
    assert head.phones == ["13800138000"]
    assert head.marital_status == Person.MaritalStatus.MARRIED
    number = make_id_number(birth_date=datetime.date(1980, 1, 1), sex="M", serial=1)
    assert crypto.decrypt(head.id_number_encrypted) == number
    assert head.id_number_hash == id_number_hash(number)
    assert (head.id_prefix, head.id_last4) == (number[:6], number[-4:])
    assert (head.name_pinyin, head.name_initials) == ("zhangwei", "zw")
    daughter = household.members.get(name="张小红")
    assert daughter.sex == "F"
    assert daughter.birth_date == datetime.date(2010, 6, 7)


def test_a_reordered_stage_still_writes_each_value_to_its_column(
    staff, village, monkeypatch
):
    reordered = tuple(reversed(stage_module.STAGE_COLUMNS))
    monkeypatch.setattr(stage_module, "STAGE_COLUMNS", reordered)
    monkeypatch.setattr(
        stage_module, "STAGE_COLUMN_NAMES", tuple(name for name, _ in reordered)
    )
    PersonFactory(household=HouseholdFactory(village=village, number="00002"))

    result = import_register_rows(by=staff, rows=two_families(village))

    assert result.committed
    household = Household.objects.get(village=village, number="00001")
    assert household.address == "幸福村1组00001号"
    head = household.head
    assert (head.name, head.sex, head.phones) == ("张伟", "M", ["13800138000"])
    assert head.marital_status == Person.MaritalStatus.MARRIED
    assert head.birth_date == datetime.date(1980, 1, 1)


def test_a_stage_line_naming_an_unknown_column_is_refused():
    with pytest.raises(stage_module.StageLineError, match="nickname"):
        stage_module.Stage.line(
            dict.fromkeys(stage_module.STAGE_COLUMN_NAMES, "\\N") | {"nickname": "x"}
        )
    with pytest.raises(stage_module.StageLineError, match="row_no"):
        stage_module.Stage.line({"action": "c"})


def test_new_persons_are_written_in_batches(staff, village, monkeypatch):
    monkeypatch.setattr(write_module, "PERSON_BATCH", 2)
    rows = two_families(village) + family(village, "00003", serial=3)

    result = import_register_rows(by=staff, rows=rows)

    assert (result.committed, result.rows_created) == (True, 9)
    for row in rows:
        person = Person.objects.get(id_number_hash=id_number_hash(row["id_number"]))
        assert crypto.decrypt(person.id_number_encrypted) == row["id_number"]
        assert person.name == row["name"]
        assert person.household.number == row["household_no"]
    assert Person.objects.get(
        name="张小红", household__number="00003"
    ).name_initials == ("zxh")


def test_dry_run_writes_nothing_and_counts_what_would_change(staff, village):
    result = import_register_rows(by=staff, rows=two_families(village), dry_run=True)

    assert (result.rows_total, result.rows_created, result.rows_invalid) == (6, 6, 0)
    assert not result.committed
    assert not Person.objects.exists()
    assert not Household.objects.exists()


def test_reimporting_the_same_file_changes_nothing(staff, village, tmp_path):
    path = write_file(tmp_path, "register.xlsx", xlsx_bytes(two_families(village)))
    import_register_file(by=staff, path=path)
    events = (PersonEvent.objects.count(), HouseholdEvent.objects.count())
    versions = list(Person.objects.order_by("pk").values_list("version", flat=True))

    again = import_register_file(by=staff, path=path)

    assert again.committed
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 6)
    assert again.details == {"households_created": 0, "households_updated": 0}
    assert (PersonEvent.objects.count(), HouseholdEvent.objects.count()) == events
    assert list(Person.objects.order_by("pk").values_list("version", flat=True)) == (
        versions
    )


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_encodings_are_detected(staff, village, tmp_path, encoding):
    rows = [person_row(village, "00001", name="欧阳娜娜", sex="F", serial=3)]
    path = write_file(tmp_path, "register.csv", csv_bytes(rows, encoding=encoding))

    result = import_register_file(by=staff, path=path)

    assert result.committed, result.errors
    assert Person.objects.get().name == "欧阳娜娜"


def test_changed_non_core_facts_update_the_person(staff, village):
    import_register_rows(by=staff, rows=family(village, "00001", serial=1))
    rows = family(village, "00001", serial=1)
    rows[2].update(marital_status="已婚", phone="13912345678、0531-88886666")

    result = import_register_rows(by=staff, rows=rows)

    assert result.committed
    assert (result.rows_updated, result.rows_unchanged) == (1, 2)
    daughter = Person.objects.get(name="张小红")
    assert daughter.marital_status == Person.MaritalStatus.MARRIED
    assert daughter.phones == ["13912345678", "053188886666"]
    assert daughter.version == 2
    assert daughter.events.filter(pgh_label="update").count() == 1


def test_empty_optional_cells_keep_what_the_register_holds(staff, village):
    import_register_rows(by=staff, rows=family(village, "00001", serial=1))
    rows = family(village, "00001", serial=1)
    for row in rows:
        row.update(phone="", marital_status="", ethnicity="", residence_status="")

    result = import_register_rows(by=staff, rows=rows)

    assert result.rows_unchanged == 3
    assert Person.objects.get(name="张伟").phones == ["13800138000"]


def test_changed_core_facts_are_refused_with_a_correction_hint(staff, village):
    import_register_rows(by=staff, rows=family(village, "00001", serial=1))
    rows = family(village, "00001", serial=1)
    rows[0]["name"] = "张卫"

    with translation.override("en"):
        result = import_register_rows(by=staff, rows=rows)

    assert not result.committed
    (error,) = result.blocking_errors
    assert (error.row, error.column) == (2, "姓名")
    assert "张伟 → 张卫" in error.message
    assert "raise a correction" in error.message
    assert Person.objects.filter(name="张卫").count() == 0


def test_new_member_joins_an_existing_household_and_address_is_updated(staff, village):
    household = HouseholdFactory.create(village=village, number="00007", address="旧址")
    head = make_head(household, name="王强")
    rows = [
        person_row(
            village,
            "00007",
            name="王强",
            id_number=head.id_number,
            sex=head.sex and {"M": "男", "F": "女"}[head.sex],
            birth_date=head.birth_date.isoformat(),
            marital_status="",
            phone="",
            ethnicity="",
            residence_status="",
            address="新址1号",
        ),
        person_row(
            village, "00007", name="王小明", relation="子", serial=9, address=""
        ),
    ]

    result = import_register_rows(by=staff, rows=rows)

    assert result.committed, result.errors
    assert (result.rows_created, result.details["households_updated"]) == (1, 1)
    household.refresh_from_db()
    assert household.address == "新址1号"
    assert household.head_id == head.pk
    assert household.version == 2
    assert household.members.count() == 2


def test_valid_only_writes_only_the_good_rows(staff, village):
    rows = two_families(village)
    rows[4]["id_number"] = rows[4]["id_number"][:-1] + (
        "0" if rows[4]["id_number"][-1] != "0" else "1"
    )

    all_or_nothing = import_register_rows(by=staff, rows=rows)
    assert not all_or_nothing.committed
    assert not Person.objects.exists()

    result = import_register_rows(by=staff, rows=rows, valid_only=True)

    assert result.committed
    assert blocking(result) == [(6, "证件号码")]
    assert (result.rows_created, result.rows_invalid) == (5, 1)
    assert Person.objects.count() == 5


def test_audit_events_carry_the_import_job_context(staff, village, tmp_path):
    data = csv_bytes(two_families(village))
    path = write_file(tmp_path, "register.csv", data)
    with path.open("rb") as handle:
        job = start_import(by=staff, kind=KIND, file=handle, filename="register.csv")

    job = commit_import(job.pk)

    assert job.status == ImportJob.Status.DONE, job.message
    persons = list(Person.objects.values_list("pk", flat=True))
    events = PersonEvent.objects.filter(pgh_obj_id__in=persons, pgh_label="insert")
    assert events.count() == 6
    contexts = set(events.values_list("pgh_context_id", flat=True))
    assert len(contexts) == 1
    metadata = Context.objects.get(pk=contexts.pop()).metadata
    assert metadata["import_job"] == job.pk
    assert metadata["user"] == staff.pk
    assert metadata["file_sha256"] == job.sha256
    household_events = HouseholdEvent.objects.filter(pgh_label="insert")
    assert household_events.count() == 2
    assert set(household_events.values_list("pgh_context_id", flat=True)) == {
        events.first().pgh_context_id
    }


def test_progress_reaches_100_on_the_job(staff, village, tmp_path, monkeypatch):
    monkeypatch.setattr(run_module, "CHUNK_ROWS", 2)
    seen = []
    data = csv_bytes(two_families(village))
    path = write_file(tmp_path, "register.csv", data)
    with path.open("rb") as handle:
        job = start_import(by=staff, kind=KIND, file=handle, filename="register.csv")
    original = ImportJob.objects.filter

    def spy(*args, **kwargs):
        queryset = original(*args, **kwargs)
        update = queryset.update

        def recorded(**values):
            if "progress" in values and "status" not in values:
                seen.append(values["progress"])
            return update(**values)

        queryset.update = recorded
        return queryset

    monkeypatch.setattr(ImportJob.objects, "filter", spy)
    job = check_import(job.pk)

    assert seen == [33, 66, 99]
    assert (job.status, job.progress, job.rows_total) == ("checked", 100, 6)


def test_a_number_registered_during_the_import_stops_the_write(staff, village):
    rows = family(village, "00001", serial=1)
    household = HouseholdFactory.create(village=village, number="09999")

    def register_meanwhile(done):
        PersonFactory.create(household=household, id_number=rows[1]["id_number"])

    result = import_register_rows(by=staff, rows=rows, progress=register_meanwhile)

    assert not result.committed
    assert blocking(result) == [(3, "证件号码")]
    assert Person.objects.count() == 1


def test_legacy_number_is_upgraded_and_kept(staff, village):
    legacy = make_legacy_id_number(
        birth_date=datetime.date(1965, 5, 6), sex="F", serial=4
    )
    rows = [
        person_row(village, "00001", name="刘芳", sex="F", id_number=legacy),
    ]
    rows[0]["birth_date"] = "1965-05-06"

    result = import_register_rows(by=staff, rows=rows)

    assert result.committed, result.errors
    person = Person.objects.get()
    assert (
        crypto.decrypt(person.id_number_encrypted)
        == check_id_number(legacy, today=timezone.localdate()).number
    )
    assert crypto.decrypt(person.id_legacy_encrypted) == legacy


def test_other_documents_need_sex_and_birth_date(staff, village):
    rows = [
        person_row(
            village,
            "00001",
            name="约翰",
            document_type="其他",
            id_number="P1234567",
            sex="",
            birth_date="",
        )
    ]

    result = import_register_rows(by=staff, rows=rows, dry_run=True)

    assert blocking(result) == [(2, "性别"), (2, "出生日期")]


def test_declared_sex_that_disagrees_names_both(staff, village):
    rows = [person_row(village, "00001", name="张伟", sex="M", serial=1)]
    rows[0]["sex"] = "女"

    with translation.override("en"):
        result = import_register_rows(by=staff, rows=rows, dry_run=True)

    (error,) = result.blocking_errors
    assert error.column == "性别"
    assert "entered as female but the ID number says male" in error.message
