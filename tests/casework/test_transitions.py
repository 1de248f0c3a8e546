"""Every move each kind's state machine allows, and the refusal of any other."""

from collections import deque

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework import services
from casework.models import Case, CaseEvent
from casework.workflow import INITIAL, NOTE_REQUIRED, TRANSITIONS, Status
from tests.casework.factories import decide, handler_of, open_case, pay_all

EDGES = [
    (kind, source, target)
    for kind, machine in TRANSITIONS.items()
    for source, targets in machine.items()
    for target in targets
]


def path_to(kind: str, goal: str) -> list[str]:
    """The shortest list of moves from the kind's first state to `goal`."""
    start = INITIAL[kind]
    paths = {start: []}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        for nxt in TRANSITIONS[kind][state]:
            if nxt not in paths:
                paths[nxt] = [*paths[state], nxt]
                queue.append(nxt)
    return paths[goal]


def move(case, to, *, staff, chief):
    if to == Status.DECIDED:
        return decide(case, by=staff)
    if to == Status.SERVED:
        services.record_service(by=staff, case=case, served_on=timezone.localdate())
        case.refresh_from_db()
        return case
    if to == Status.CLOSED and case.status in (Status.SERVED, Status.EXECUTING):
        pay_all(case, by=staff)
    values = {"note": "理由"} if to in NOTE_REQUIRED else {}
    if to == Status.OPINION_ISSUED:
        values["outcome"] = "explain"
    if to == Status.CLOSED and case.kind == Case.Kind.PETITION:
        values.update(close_reason="explained", satisfaction="basically")
    if to == Status.MERGED:
        values["merged_into"] = (
            Case.objects.exclude(pk=case.pk).filter(kind=case.kind).first()
        )
    by = chief if to == Status.EXTENDED else staff
    return services.move_case(by=by, case=case, to=to, **values)


@pytest.mark.django_db
@pytest.mark.usefixtures("holidays")
@pytest.mark.parametrize(("kind", "source", "target"), EDGES)
def test_each_allowed_move(kind, source, target, village, staff, chief):
    case = open_case(village=village, by=staff, kind=kind)
    open_case(village=village, by=staff, kind=kind)  # a case to merge into
    for state in path_to(kind, source):
        case = move(case, state, staff=staff, chief=chief)

    case = move(case, target, staff=staff, chief=chief)

    assert case.status == target
    last = case.timeline.filter(type=CaseEvent.Type.TRANSITION).last()
    assert (last.from_status, last.to_status, last.by) == (
        source,
        target,
        chief if target == Status.EXTENDED else staff,
    )


@pytest.mark.django_db
def test_an_illegal_move_names_the_current_state_and_the_allowed_ones(village, staff):
    case = open_case(village=village, by=staff)
    with pytest.raises(ValidationError) as refused:
        services.move_case(by=staff, case=case, to=Status.DECIDED)

    message = refused.value.message_dict["status"][0]
    assert message == (
        f"{case.number} is Lead received; it can move to Verification, "
        "Merged into another case, not to Decided."
    )
    case.refresh_from_db()
    assert case.status == Status.LEAD_RECEIVED
    assert case.timeline.count() == 1


@pytest.mark.django_db
def test_a_closed_case_moves_no_more(village, staff):
    case = open_case(village=village, by=staff, kind=Case.Kind.MISCONDUCT)
    services.move_case(by=staff, case=case, to=Status.CLOSED, note="不属实")
    with pytest.raises(ValidationError, match="is Closed and can no longer move"):
        services.move_case(by=staff, case=case, to=Status.INQUIRY)


@pytest.mark.django_db
def test_a_liangfei_case_is_filed_only_with_two_handlers(village, staff):
    case = open_case(village=village, by=staff, handlers=[staff])
    services.move_case(by=staff, case=case, to=Status.LEAD_VERIFICATION)
    with pytest.raises(ValidationError, match="at least 2 named handlers"):
        services.move_case(by=staff, case=case, to=Status.FILED)

    services.set_handlers(
        by=staff, case=case, handlers=[staff, handler_of(village.township)]
    )
    assert services.move_case(by=staff, case=case, to=Status.FILED).status == "filed"


@pytest.mark.django_db
def test_closing_without_a_reason_is_refused(village, staff):
    case = open_case(village=village, by=staff, kind=Case.Kind.MISCONDUCT)
    with pytest.raises(ValidationError, match="Say why"):
        services.move_case(by=staff, case=case, to=Status.CLOSED)


@pytest.mark.django_db
def test_only_the_chief_approves_a_petition_extension(village, staff):
    case = open_case(village=village, by=staff, kind=Case.Kind.PETITION)
    for state in (Status.ACCEPTANCE_NOTIFIED, Status.HANDLING):
        services.move_case(by=staff, case=case, to=state)
    with pytest.raises(PermissionDenied, match="head of the bureau"):
        services.move_case(by=staff, case=case, to=Status.EXTENDED, note="案情复杂")


@pytest.mark.django_db
def test_a_petition_opinion_states_its_outcome(village, staff):
    case = open_case(village=village, by=staff, kind=Case.Kind.PETITION)
    for state in (Status.ACCEPTANCE_NOTIFIED, Status.HANDLING):
        services.move_case(by=staff, case=case, to=state)
    with pytest.raises(ValidationError, match="supports, explains"):
        services.move_case(by=staff, case=case, to=Status.OPINION_ISSUED)
    case = services.move_case(
        by=staff, case=case, to=Status.OPINION_ISSUED, outcome="support"
    )
    assert case.get_outcome_display() == "Support"


@pytest.mark.django_db
@pytest.mark.usefixtures("holidays")
def test_a_served_case_closes_only_once_its_fines_are_paid(village, staff):
    from tests.casework.factories import served_case

    case = served_case(village=village, by=staff, fine="8000")
    with pytest.raises(ValidationError, match=r"¥8000\.00 is still owed"):
        services.move_case(by=staff, case=case, to=Status.CLOSED, note="结案")
    pay_all(case, by=staff)
    closed = services.move_case(by=staff, case=case, to=Status.CLOSED, note="执行完毕")
    assert closed.status == Status.CLOSED


@pytest.mark.django_db
def test_the_moves_offered_to_each_user(village, other_village, staff, chief, auditor):
    case = open_case(village=village, by=staff, kind=Case.Kind.PETITION)
    for state in (Status.ACCEPTANCE_NOTIFIED, Status.HANDLING):
        case = services.move_case(by=staff, case=case, to=state)
    stranger = handler_of(other_village.township)
    assert services.may_move(staff, case, Status.OPINION_ISSUED)
    assert not services.may_move(staff, case, Status.EXTENDED)
    assert services.may_move(chief, case, Status.EXTENDED)
    assert not services.may_move(auditor, case, Status.OPINION_ISSUED)
    assert not services.may_move(stranger, case, Status.OPINION_ISSUED)
    assert not services.may_move(staff, case, Status.CLOSED)
