"""The sealed reporter: encrypted, seen only by the case's handlers with a logged reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bureau.models import AccessEvent
from casework import services
from casework.models import Case, CaseEvent
from tests.casework.factories import handler_of, open_case

REPORTER = "张三 13800000000"


@pytest.fixture
def petition(village, staff):
    return open_case(
        village=village,
        by=staff,
        handlers=[staff],
        kind=Case.Kind.PETITION,
        title="检举控告",
        reporter=REPORTER,
    )


@pytest.mark.django_db
def test_the_reporter_is_stored_encrypted(petition):
    stored = Case.objects.values_list("reporter_encrypted", flat=True).get(
        pk=petition.pk
    )
    assert stored.startswith("v1:")
    assert "张三" not in stored
    assert "张三" not in " ".join(e.note for e in petition.timeline.all())


@pytest.mark.django_db
def test_a_handler_sees_the_reporter_with_a_reason_and_it_is_logged(petition, staff):
    seen = services.reveal_reporter(by=staff, case=petition, reason="反馈办理结果")

    assert seen == REPORTER
    event = AccessEvent.objects.get(subject="casework.case", object_id=str(petition.pk))
    assert (event.user, event.kind, event.reason) == (
        staff,
        AccessEvent.Kind.UNMASK,
        "反馈办理结果",
    )
    assert petition.timeline.filter(type=CaseEvent.Type.REPORTER_VIEWED).exists()


@pytest.mark.django_db
def test_no_reason_no_reporter(petition, staff):
    with pytest.raises(ValidationError, match="Say why"):
        services.reveal_reporter(by=staff, case=petition, reason=" ")
    assert not AccessEvent.objects.filter(subject="casework.case").exists()


@pytest.mark.django_db
def test_other_staff_a_chief_and_an_auditor_get_nothing(
    petition, village, chief, auditor
):
    colleague = handler_of(village.township)
    for user in (colleague, chief, auditor):
        with pytest.raises(PermissionDenied, match="Only the handlers"):
            services.reveal_reporter(by=user, case=petition, reason="查看")
    assert not AccessEvent.objects.filter(subject="casework.case").exists()
