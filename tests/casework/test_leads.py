"""Leads open 两非 cases with a sealed reporter; rewards, notes, extension requests, targets."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bureau.models import AccessEvent, Notification
from casework import services
from casework.models import CaseEvent, CaseTarget, Lead, ReporterReward
from casework.workflow import Status
from tests.casework.factories import handler_of, open_case

pytestmark = pytest.mark.django_db

REPORTER = "赵六 13700000000"


def received(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@pytest.fixture
def lead_case(village, staff):
    return services.register_lead(
        by=staff,
        township=village.township,
        source="hotline",
        title="举报某诊所鉴定胎儿性别",
        received_at=received(dt.date(2026, 10, 9)),
        reporter=REPORTER,
        handlers=[staff, handler_of(village.township)],
        reference="12320-20261009-01",
    )


def test_a_lead_opens_a_liangfei_case_in_lead_received(lead_case):
    assert lead_case.number == "2026-两非-0001"
    assert lead_case.status == Status.LEAD_RECEIVED
    assert lead_case.opened_on == dt.date(2026, 10, 9)
    lead = Lead.objects.get(case=lead_case)
    assert (lead.source, lead.reference) == ("hotline", "12320-20261009-01")


def test_the_lead_and_its_timeline_never_carry_the_reporter(lead_case):
    lead = Lead.objects.get(case=lead_case)
    stored = " ".join(
        str(value) for value in Lead.objects.values().get(pk=lead.pk).values()
    )
    assert "赵六" not in stored
    assert "赵六" not in " ".join(e.note for e in lead_case.timeline.all())


def test_another_handler_a_chief_and_an_auditor_see_no_lead_reporter(
    lead_case, village, chief, auditor
):
    outsider = handler_of(village.township)
    for user in (outsider, chief, auditor):
        with pytest.raises(PermissionDenied):
            services.reveal_reporter(by=user, case=lead_case, reason="核实")
    assert not AccessEvent.objects.filter(subject="casework.case").exists()
    handler = lead_case.handlers.order_by("pk").last()
    assert (
        services.reveal_reporter(by=handler, case=lead_case, reason="回访") == REPORTER
    )
    assert AccessEvent.objects.filter(user=handler, reason="回访").count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"source": "rumour"}, "Unknown source"),
        ({"received_at": timezone.now() + dt.timedelta(days=2)}, "in the future"),
        ({"title": " "}, "title"),
    ],
)
def test_a_wrong_lead_is_refused_and_writes_nothing(village, staff, values, message):
    given = {"source": "letter", "title": "来信举报", **values}
    with pytest.raises(ValidationError, match=message):
        services.register_lead(by=staff, township=village.township, **given)
    assert not Lead.objects.exists()


def test_a_lead_from_a_petition_points_at_it(village, staff, other_village):
    petition = open_case(village=village, by=staff, kind="petition", title="检举")
    case = services.register_lead(
        by=staff,
        township=village.township,
        source="petition",
        title="信访转线索",
        petition=petition,
    )
    assert case.lead.petition == petition
    foreign = open_case(village=other_village, kind="petition", title="别处")
    with pytest.raises(ValidationError, match="petition of your townships"):
        services.register_lead(
            by=staff,
            township=village.township,
            source="petition",
            title="x",
            petition=foreign,
        )


def test_a_reward_once_the_lead_proved_founded(lead_case, staff, chief):
    with pytest.raises(ValidationError, match="proved founded"):
        services.record_reward(
            by=staff,
            case=lead_case,
            amount="500",
            paid_on=dt.date(2026, 11, 1),
            approved_by=chief,
        )
    for state in (Status.LEAD_VERIFICATION, Status.FILED):
        lead_case = services.move_case(by=staff, case=lead_case, to=state)
    assert services.may_record_reward(staff, lead_case)
    with pytest.raises(PermissionDenied, match="may not approve rewards"):
        services.record_reward(
            by=staff,
            case=lead_case,
            amount="500",
            paid_on=dt.date(2026, 11, 1),
            approved_by=staff,
        )
    reward = services.record_reward(
        by=staff,
        case=lead_case,
        amount="500",
        paid_on=dt.date(2026, 11, 1),
        approved_by=chief,
    )
    assert (str(reward.amount), reward.approved_by) == ("500.00", chief)
    event = lead_case.timeline.get(type=CaseEvent.Type.REWARD)
    assert "赵六" not in event.note
    assert event.on == dt.date(2026, 11, 1)


def test_no_reward_without_a_reporter(village, staff, chief):
    case = services.register_lead(
        by=staff, township=village.township, source="inspection", title="日常检查发现"
    )
    with pytest.raises(ValidationError, match="no known reporter"):
        services.record_reward(
            by=staff,
            case=case,
            amount="500",
            paid_on=dt.date(2026, 11, 1),
            approved_by=chief,
        )
    assert not ReporterReward.objects.exists()


def test_a_note_and_an_extension_request_reach_the_chief(village, staff, chief):
    case = open_case(village=village, by=staff, kind="petition", title="申诉")
    services.add_note(by=staff, case=case, note="电话联系信访人")
    with pytest.raises(ValidationError, match="being handled"):
        services.request_extension(by=staff, case=case, reason="案情复杂")
    for state in (Status.ACCEPTANCE_NOTIFIED, Status.HANDLING):
        case = services.move_case(by=staff, case=case, to=state)
    assert services.may_request_extension(staff, case)
    services.request_extension(by=staff, case=case, reason="需调取外地材料")
    assert Notification.objects.filter(recipient=chief, title__contains=case.number)
    assert not services.may_request_extension(staff, case)
    with pytest.raises(ValidationError, match="already requested"):
        services.request_extension(by=staff, case=case, reason="再次")
    assert [e.type for e in case.timeline.all()][-2:] == [
        CaseEvent.Type.TRANSITION,
        CaseEvent.Type.EXTENSION_REQUESTED,
    ]


def test_the_chief_sets_a_townships_yearly_target(village, staff, chief):
    with pytest.raises(PermissionDenied, match="Only the bureau"):
        services.set_target(by=staff, township=village.township, year=2026, cases=14)
    services.set_target(
        by=chief, township=village.township, year=2026, cases=12, set_by_body="市卫健委"
    )
    target = services.set_target(
        by=chief, township=village.township, year=2026, cases=14
    )
    assert (target.cases, target.set_by_body, target.version) == (14, "市卫健委", 2)
    assert CaseTarget.objects.count() == 1
    with pytest.raises(ValidationError, match="at least 1"):
        services.set_target(by=chief, township=village.township, year=2027, cases=0)
