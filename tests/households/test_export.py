"""Auditors export the register: masked, formula-safe, filtered, logged, in flat memory."""

import csv
import hashlib
import io
import re
import tracemalloc

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bureau import exports
from bureau.models import AccessEvent
from bureau.spreadsheets import FORMULA_TRIGGER
from households.models import Person
from households.services import exports as export_views
from tests.households.factories import HouseholdFactory, PersonFactory, make_head

pytestmark = pytest.mark.django_db

URL = reverse("households:person-export")
MASKED_ID = re.compile(r"^\d{4}\*{10}[\dX]{4}$")
ID_COLUMN = export_views.HEADERS.index("证件号码")
PHONE_COLUMN = export_views.HEADERS.index("联系电话")
VILLAGE_COLUMN = export_views.HEADERS.index("村居代码")
# security-and-reliability.md T-EXP-01: each must come out as text, never as a formula.
HOSTILE_ADDRESSES = ["@SUM(A1)", " =1", "\t=1", "-2+3", "+cmd|' /C calc'!A0"]


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def register(village, other_village):
    """Two households in `village`, one in `other_village`; everyone has a phone."""
    first = HouseholdFactory.create(village=village, address="幸福路1号")
    second = HouseholdFactory.create(village=village, address="幸福路2号")
    third = HouseholdFactory.create(village=other_village, address="和平路3号")
    persons = [
        make_head(first, name="张伟", phones=["13812345678"]),
        PersonFactory.create(household=first, name="李娜", phones=["13912345678"]),
        make_head(second, name="单明", phones=["13712345678"]),
        make_head(
            third,
            name="王芳",
            phones=["13612345678"],
            residence_status=Person.ResidenceStatus.MOVED_AWAY,
        ),
    ]
    return persons


def _xlsx_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} holds a formula"
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def _data_rows(rows: list[tuple]) -> list[tuple]:
    """Rows under the header, without the blank line and the watermark below them."""
    body = rows[1:]
    end = next((i for i, row in enumerate(body) if not any(row)), len(body))
    return body[:end]


def _csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_auditor_exports_the_register_as_xlsx_masked(as_user, auditor, register):
    response = as_user(auditor).get(URL, {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    rows = _xlsx_rows(response)
    assert rows[0] == export_views.HEADERS
    data = _data_rows(rows)
    assert len(data) == len(register)
    assert {row[5] for row in data} == {p.name for p in register}
    for row in data:
        assert MASKED_ID.match(row[ID_COLUMN]), row[ID_COLUMN]
        assert re.fullmatch(r"1\d{2}\*{4}5678", row[PHONE_COLUMN])
    full_numbers = {p.id_number for p in register}
    assert not full_numbers & {cell for row in rows for cell in row}
    watermark = [cell for row in rows[len(data) + 1 :] for cell in row if cell]
    assert any(auditor.username in str(cell) for cell in watermark)


def test_auditor_exports_the_register_as_csv_with_a_bom(as_user, auditor, register):
    response = as_user(auditor).get(URL, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert tuple(rows[0]) == export_views.HEADERS
    assert len(rows) == 1 + len(register)
    assert {row[5] for row in rows[1:]} == {p.name for p in register}
    assert "单明" in {row[5] for row in rows[1:]}
    for row in rows[1:]:
        assert MASKED_ID.match(row[ID_COLUMN])
        assert "****" in row[PHONE_COLUMN]
        assert row[export_views.HEADERS.index("性别")] in ("男", "女")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_formula_strings_come_out_as_text(as_user, auditor, village, fmt):
    households = [
        HouseholdFactory.create(village=village, address=address)
        for address in HOSTILE_ADDRESSES
    ]
    make_head(households[0], name="=1+1")
    for household in households[1:]:
        make_head(household)

    response = as_user(auditor).get(URL, {"format": fmt})

    assert response.status_code == 200
    rows = (
        _data_rows(_xlsx_rows(response)) if fmt == "xlsx" else _csv_rows(response)[1:]
    )
    cells = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert not [cell for cell in cells if FORMULA_TRIGGER.match(cell)]
    assert "'=1+1" in cells
    for address in HOSTILE_ADDRESSES:
        assert "'" + address in cells


@pytest.mark.parametrize("role", ["staff", "chief"])
def test_staff_and_chiefs_may_not_export(as_user, request, register, role):
    user = request.getfixturevalue(role)

    response = as_user(user).get(URL, {"format": "csv"})

    assert response.status_code == 403
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


def test_the_export_keeps_to_the_filters(as_user, auditor, register, village):
    response = as_user(auditor).get(URL, {"format": "csv", "village": village.code})

    rows = _csv_rows(response)[1:]
    assert len(rows) == 3
    assert {row[VILLAGE_COLUMN] for row in rows} == {village.code}


def test_residence_status_and_name_filters_narrow_the_export(
    as_user, auditor, register
):
    client = as_user(auditor)

    moved = _csv_rows(
        client.get(URL, {"format": "csv", "residence_status": "moved_away"})
    )
    by_name = _csv_rows(client.get(URL, {"format": "csv", "q": "shan"}))

    assert [row[5] for row in moved[1:]] == ["王芳"]
    assert [row[5] for row in by_name[1:]] == ["单明"]


def test_every_export_filter_is_read_from_the_unmasking_form_too(
    as_user, auditor, register
):
    household = register[0].household_id
    expected = {p.id_number for p in register if p.household_id == household}

    response = as_user(auditor).post(
        URL,
        {"format": "csv", "unmask": "1", "reason": "核查", "household": household},
    )

    assert {row[ID_COLUMN] for row in _csv_rows(response)[1:]} == expected
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.filters["household"] == household


def test_an_export_of_one_household_is_logged_with_its_number(
    as_user, auditor, register
):
    household = register[0].household_id

    response = as_user(auditor).get(URL, {"format": "csv", "household": household})

    assert len(_csv_rows(response)) == 1 + 2
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.filters == {"household": household, "format": "csv", "masked": True}


def test_an_export_is_logged_with_filters_rows_and_checksum(
    as_user, auditor, register, village
):
    response = as_user(auditor).get(URL, {"format": "xlsx", "village": village.code})
    content = b"".join(response.streaming_content)

    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.user == auditor
    assert event.subject == "households.person"
    assert event.filters == {"village": village.code, "format": "xlsx", "masked": True}
    assert event.row_count == 3
    assert event.checksum == hashlib.sha256(content).hexdigest()
    assert response["X-Export-SHA256"] == event.checksum


def test_unmasking_needs_a_reason(as_user, auditor, register):
    response = as_user(auditor).post(
        URL, {"format": "csv", "unmask": "1", "reason": " "}
    )

    assert response.status_code == 400
    assert not AccessEvent.objects.exists()


def test_an_unmasked_export_shows_full_numbers_and_logs_the_reason(
    as_user, auditor, register
):
    response = as_user(auditor).post(
        URL, {"format": "csv", "unmask": "1", "reason": "纪检核查 2026-11"}
    )

    rows = _csv_rows(response)[1:]
    assert {row[ID_COLUMN] for row in rows} == {p.id_number for p in register}
    assert "13812345678" in {row[PHONE_COLUMN] for row in rows}
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.reason == "纪检核查 2026-11"
    assert event.filters["masked"] is False


def test_unmasking_needs_the_permission(auditor):
    auditor.has_perm = lambda perm: perm == exports.EXPORT_PERMISSION

    with pytest.raises(PermissionDenied):
        exports.read_options({"unmask": "1", "reason": "核查"}, user=auditor)
    assert exports.read_options({"format": "csv"}, user=auditor).unmasked is False


def test_an_id_number_is_not_an_export_filter(as_user, auditor, register):
    response = as_user(auditor).get(URL, {"format": "csv", "q": register[0].id_number})

    assert response.status_code == 400
    assert not AccessEvent.objects.exists()


def test_an_unknown_format_is_refused(as_user, auditor, register):
    assert as_user(auditor).get(URL, {"format": "pdf"}).status_code == 400


def _synthetic_rows(count: int):
    for n in range(count):
        yield (f"{n:05d}", "370102100201", "王家村", "示范镇", f"王家村{n}号", "张伟", "zhangwei",
               "居民身份证", "3701**********1234", "男", None, "汉族", "户主", "已婚", "常住",
               "是", "138****5678")  # fmt: skip


def _peak_bytes(fmt: str, count: int, tmp_path) -> int:
    tracemalloc.start()
    try:
        with (tmp_path / f"{fmt}-{count}").open("w+b") as handle:
            written = exports.write_export(
                handle,
                rows=_synthetic_rows(count),
                headers=export_views.HEADERS,
                fmt=fmt,
            )
        assert written == count
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_memory_stays_flat_as_rows_grow(fmt, tmp_path):
    small = _peak_bytes(fmt, 2_000, tmp_path)
    large = _peak_bytes(fmt, 20_000, tmp_path)

    assert large < small * 1.5 + 256 * 1024, (small, large)


def test_the_view_reads_persons_in_chunks(as_user, auditor, register, monkeypatch):
    """The register is read through a chunked server-side cursor, never all at once."""
    calls = []
    original = type(Person.objects.all()).iterator

    def spy(queryset, chunk_size=None):
        calls.append(chunk_size)
        return original(queryset, chunk_size=chunk_size)

    monkeypatch.setattr(type(Person.objects.all()), "iterator", spy)

    as_user(auditor).get(URL, {"format": "csv"})

    assert calls == [exports.CHUNK_SIZE]


def _buttons(rf, user, query: str = "") -> str:
    from django.contrib.auth.context_processors import PermWrapper
    from django.template.loader import render_to_string

    request = rf.get(f"/households/persons/?{query}")
    request.user = user
    return render_to_string(
        "households/_export_buttons.html",
        {"perms": PermWrapper(user)},
        request=request,
    )


def test_the_export_buttons_carry_the_list_filters_for_auditors(rf, auditor, village):
    html = _buttons(rf, auditor, f"village={village.code}&residence_status=moved_in")

    assert (
        f"{URL}?village={village.code}&amp;residence_status=moved_in&amp;format=xlsx"
        in html
    )
    assert "format=csv" in html
    assert 'name="unmask"' in html


@pytest.mark.parametrize("role", ["staff", "chief"])
def test_roles_that_cannot_export_see_no_export_buttons(rf, request, role):
    assert "export" not in _buttons(rf, request.getfixturevalue(role)).lower()
