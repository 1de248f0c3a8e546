"""The audit pages: auditors read and filter the change and access logs; others get 403."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.audit import audit_context
from bureau.models import AccessEvent, Township
from tests.bureau.factories import TownshipFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def as_auditor(client, auditor):
    client.force_login(auditor)
    return client


def _rows(response) -> list:
    return list(response.context["page"].object_list)


def test_auditor_sees_changes_with_who_made_them(as_auditor, staff, village):
    with audit_context(user=staff.pk, url="/households/1/", method="POST"):
        Township.objects.filter(pk=village.township_id).update(name="幸福镇")

    response = as_auditor.get(reverse("audit:changes"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "幸福镇" in content
    assert str(staff) in content


def test_filter_by_table_keeps_only_that_tables_changes(as_auditor, village):
    unfiltered = _rows(as_auditor.get(reverse("audit:changes")))
    assert {event.pgh_model for event in unfiltered} >= {
        "bureau.TownshipEvent",
        "bureau.VillageEvent",
    }

    rows = _rows(
        as_auditor.get(reverse("audit:changes"), {"table": "bureau.VillageEvent"})
    )

    assert rows
    assert {event.pgh_model for event in rows} == {"bureau.VillageEvent"}
    assert len(rows) < len(unfiltered)


def test_filter_by_record_shows_that_records_history(as_auditor, village):
    township = village.township
    Township.objects.filter(pk=township.pk).update(name="新名称")
    TownshipFactory.create()

    rows = _rows(
        as_auditor.get(
            reverse("audit:changes"),
            {"table": "bureau.TownshipEvent", "record": township.pk},
        )
    )

    assert sorted(event.pgh_label for event in rows) == ["insert", "update"]
    assert {event.pgh_obj_id for event in rows} == {township.pk}


def test_filter_by_user_keeps_only_that_users_changes(as_auditor, staff, chief):
    with audit_context(user=staff.pk):
        TownshipFactory.create(name="员工建的镇")
    with audit_context(user=chief.pk):
        TownshipFactory.create(name="局长建的镇")

    response = as_auditor.get(reverse("audit:changes"), {"user": staff.pk})

    rows = _rows(response)
    assert rows
    assert {event.pgh_context["user"] for event in rows} == {staff.pk}
    content = response.content.decode()
    assert "员工建的镇" in content
    assert "局长建的镇" not in content


def test_pagination_keeps_the_filters(as_auditor):
    for _ in range(51):
        TownshipFactory.create()

    response = as_auditor.get(
        reverse("audit:changes"), {"table": "bureau.TownshipEvent"}
    )

    assert "?table=bureau.TownshipEvent&amp;page=2" in response.content.decode()


def test_id_number_in_a_diff_is_masked(as_auditor, village):
    Township.objects.filter(pk=village.township_id).update(name=f"王芳 {ID_NUMBER}")

    response = as_auditor.get(
        reverse("audit:changes"), {"table": "bureau.TownshipEvent"}
    )

    content = response.content.decode()
    assert "1101**********002X" in content
    assert ID_NUMBER not in content


def test_an_inverted_period_is_an_error_not_an_unfiltered_list(as_auditor, village):
    response = as_auditor.get(
        reverse("audit:changes"), {"date_from": "2025-02-01", "date_to": "2025-01-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert _rows(response) == []


def test_auditor_filters_access_events_by_kind_user_and_day(as_auditor, staff, chief):
    AccessEvent.objects.create(user=staff, kind=AccessEvent.Kind.EXPORT, subject="a.b")
    AccessEvent.objects.create(
        user=staff, kind=AccessEvent.Kind.SEARCH, subject="a.b", reason=ID_NUMBER
    )
    AccessEvent.objects.create(user=chief, kind=AccessEvent.Kind.EXPORT, subject="a.b")
    today = timezone.localdate()
    url = reverse("audit:access")

    by_kind = _rows(as_auditor.get(url, {"kind": "export"}))
    by_user = _rows(as_auditor.get(url, {"kind": "export", "user": staff.pk}))
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    before_today = _rows(as_auditor.get(url, {"date_to": yesterday}))
    response = as_auditor.get(url, {"date_from": today.isoformat()})

    assert {(event.user, event.kind) for event in by_kind} == {
        (staff, "export"),
        (chief, "export"),
    }
    assert [(event.user, event.kind) for event in by_user] == [(staff, "export")]
    assert before_today == []
    assert len(_rows(response)) == 3
    assert ID_NUMBER not in response.content.decode()


@pytest.mark.parametrize("name", ["audit:changes", "audit:access"])
def test_staff_are_refused_the_audit_pages(client, staff, name):
    client.force_login(staff)

    assert client.get(reverse(name)).status_code == 403


def test_audit_page_queries_stay_flat(as_auditor, staff, django_assert_max_num_queries):
    for _ in range(20):
        with audit_context(user=staff.pk):
            TownshipFactory.create()

    with django_assert_max_num_queries(12):
        as_auditor.get(reverse("audit:changes"))


# --- readable for an auditor ----------------------------------------------------------


def _chinese_auditor(auditor):
    from tests.conftest import BureauClient

    browser = BureauClient()  # no language chosen: the Chinese pages
    browser.force_login(auditor)
    return browser


def _head(content: str) -> str:
    return content[content.index("<thead>") : content.index("</thead>")]


def test_the_access_log_headings_name_what_each_column_holds(auditor):
    head = _head(
        _chinese_auditor(auditor).get(reverse("audit:access")).content.decode()
    )

    for heading in ["时间", "用户", "类型", "记录类型", "记录编号", "来源"]:
        assert f">{heading}</th>" in head
    assert (
        "起始日期" not in head
    )  # the period filter's "From", once the origin's heading


def test_the_access_log_names_record_types_in_chinese(auditor, staff):
    AccessEvent.objects.create(
        user=staff, kind=AccessEvent.Kind.VIEW, subject="households.person"
    )
    AccessEvent.objects.create(user=staff, kind=AccessEvent.Kind.VIEW, subject="x.y")

    content = _chinese_auditor(auditor).get(reverse("audit:access")).content.decode()

    assert ">人员</td>" in content
    assert ">x.y</td>" in content  # an unknown subject is shown as recorded
    assert "<code>households.person</code>" not in content


def test_the_access_log_shows_filters_as_labelled_values(auditor, staff):
    AccessEvent.objects.create(
        user=staff,
        kind=AccessEvent.Kind.EXPORT,
        subject="households.person",
        filters={"residence_status": "moved_away", "masked": True, "format": "xlsx"},
        path="/households/persons/export/",
    )

    content = _chinese_auditor(auditor).get(reverse("audit:access")).content.decode()

    filters = content[content.index('data-testid="access-filters"') :]
    filters = filters[: filters.index("</dl>")]
    assert "<dt>居住状态</dt><dd>流出</dd>" in filters
    assert "<dt>身份证号已遮盖</dt><dd>是</dd>" in filters
    assert "<dt>文件格式</dt><dd>xlsx</dd>" in filters
    assert "residence_status" not in content
    assert "<summary>页面地址</summary>" in content  # the request path is folded away


def test_the_access_log_export_writes_the_same_readable_columns(client, auditor, staff):
    import csv
    import io

    AccessEvent.objects.create(
        user=staff,
        kind=AccessEvent.Kind.EXPORT,
        subject="households.person",
        filters={"residence_status": "moved_away"},
    )
    client.force_login(auditor)

    response = client.get(
        reverse("audit:access-export"), {"kind": "export", "format": "csv"}
    )

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body)))
    assert header[3:5] == ["Record type", "Record number"]
    assert rows[-1][3] == "Person"
    assert rows[-1][6] == "Residence status: Moved away"


def test_the_change_log_orders_record_numbers_as_numbers(as_auditor, village):
    from tests.households.factories import HouseholdFactory

    # One transaction: every event has the same time, so the record number decides.
    for pk in (1_000_000, 99_999, 100_000):
        HouseholdFactory.create(pk=pk, village=village)
    table = {"table": "households.HouseholdEvent"}

    newest = _rows(as_auditor.get(reverse("audit:changes"), table))
    by_record = _rows(
        as_auditor.get(reverse("audit:changes"), {**table, "sort": "record"})
    )

    expected = ["99999", "100000", "1000000"]
    assert [str(e.pgh_obj_id) for e in newest] == expected
    assert [str(e.pgh_obj_id) for e in by_record] == expected


def test_the_change_log_oldest_first_and_newest_first_are_opposites(as_auditor):
    TownshipFactory.create(name="第一个")
    with audit_context(user=None):
        Township.objects.filter(name="第一个").update(name="第二个")

    newest = _rows(
        as_auditor.get(reverse("audit:changes"), {"table": "bureau.TownshipEvent"})
    )
    oldest = _rows(
        as_auditor.get(
            reverse("audit:changes"),
            {"table": "bureau.TownshipEvent", "sort": "oldest"},
        )
    )

    times = [e.pgh_created_at for e in newest]
    assert times == sorted(times, reverse=True)
    assert [e.pgh_created_at for e in oldest] == sorted(times)


def test_the_change_log_names_actions_and_tasks_and_folds_the_machine_details(
    as_auditor, staff
):
    with audit_context(
        user=staff.pk, action="raise_correction", url="/households/7/", method="POST"
    ):
        TownshipFactory.create(name="页面改的镇")
    with audit_context(
        task="households.tasks.run_quality_checks_task", task_id="5f1c-task-id"
    ):
        TownshipFactory.create(name="任务改的镇")

    content = as_auditor.get(
        reverse("audit:changes"), {"table": "bureau.TownshipEvent"}
    ).content.decode()

    origins = content.split('data-testid="change-origin">')[1:]
    lines = [origin[: origin.index("<")] for origin in origins]
    assert "Raised a correction" in lines
    assert "Background task: Data-quality checks" in lines
    assert not any("5f1c" in line or "/households/7/" in line for line in lines)
    details = content[content.index("<summary>Technical details</summary>") :]
    assert "POST /households/7/" in content
    assert "5f1c-task-id" in details
    assert "raise_correction" not in content
