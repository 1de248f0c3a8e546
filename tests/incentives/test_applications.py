import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from incentives import services
from incentives.models import Application, Entitlement
from tests.households.factories import PersonFactory
from tests.incentives.factories import monthly_scheme

S = Application.Status


@pytest.fixture
def scheme(db):
    return monthly_scheme(required_conditions=["rural_resident"])


@pytest.fixture
def applicant(village):
    return PersonFactory.create(household__village=village)


@pytest.fixture
def application(clerk, scheme, applicant):
    return services.submit_application(
        by=clerk, scheme=scheme, person=applicant, year=2026
    )


def _to_township_reviewed(application, *, village_reviewer, township_reviewer):
    services.confirm_condition(
        by=village_reviewer,
        application=application,
        code="rural_resident",
        answer=True,
        evidence="户口簿 第3页",
    )
    services.approve_application(by=village_reviewer, application=application)
    return services.approve_application(by=township_reviewer, application=application)


def test_an_application_goes_through_every_level_to_an_entitlement(
    application, staff, colleague, chief
):
    _to_township_reviewed(
        application, village_reviewer=staff, township_reviewer=colleague
    )
    services.approve_application(by=chief, application=application)
    today = datetime.date(2026, 3, 2)
    application = services.publish_notice(
        by=chief, application=application, today=today
    )
    assert application.notice_ends_on == datetime.date(2026, 3, 9)

    with pytest.raises(ValidationError, match="notice ends on"):
        services.confirm_application(by=chief, application=application, today=today)
    entitlement = services.confirm_application(
        by=chief, application=application, today=datetime.date(2026, 3, 9)
    )

    application.refresh_from_db()
    assert application.status == S.CONFIRMED
    assert entitlement.status == Entitlement.Status.ACTIVE
    assert list(application.steps.values_list("action", flat=True)) == [
        "submit",
        "condition",
        "approve",
        "approve",
        "approve",
        "publish",
        "confirm",
    ]


def test_the_same_user_never_approves_two_levels(application, staff):
    services.confirm_condition(
        by=staff,
        application=application,
        code="rural_resident",
        answer=True,
        evidence="户口簿",
    )
    services.approve_application(by=staff, application=application)

    with pytest.raises(PermissionDenied, match="another level"):
        services.approve_application(by=staff, application=application)
    application.refresh_from_db()
    assert application.status == S.VILLAGE_REVIEWED


def test_the_clerk_who_entered_it_reviews_no_level(application, clerk):
    with pytest.raises(PermissionDenied):
        services.approve_application(by=clerk, application=application)


def test_township_staff_cannot_give_the_bureau_approval(
    application, staff, colleague, clerk
):
    _to_township_reviewed(
        application, village_reviewer=staff, township_reviewer=colleague
    )

    with pytest.raises(PermissionDenied):
        services.approve_application(by=clerk, application=application)


def test_the_township_review_needs_every_condition_confirmed_from_papers(
    application, staff, colleague
):
    services.approve_application(by=staff, application=application)

    with pytest.raises(ValidationError, match="rural_resident"):
        services.approve_application(by=colleague, application=application)


def test_a_condition_the_papers_do_not_show_blocks_approval(
    application, staff, colleague
):
    services.confirm_condition(
        by=staff,
        application=application,
        code="rural_resident",
        answer=False,
        evidence="户口簿",
    )
    services.approve_application(by=staff, application=application)

    with pytest.raises(ValidationError, match="reject"):
        services.approve_application(by=colleague, application=application)


def test_a_condition_needs_the_document_named(application, staff):
    with pytest.raises(ValidationError, match="document"):
        services.confirm_condition(
            by=staff,
            application=application,
            code="rural_resident",
            answer=True,
            evidence=" ",
        )


def test_a_return_goes_back_exactly_one_level_with_a_reason(
    application, staff, colleague, chief
):
    _to_township_reviewed(
        application, village_reviewer=staff, township_reviewer=colleague
    )

    with pytest.raises(ValidationError):
        services.return_application(by=chief, application=application, reason="")
    application = services.return_application(
        by=chief, application=application, reason="缺少身份证复印件"
    )

    assert application.status == S.VILLAGE_REVIEWED
    assert application.steps.last().comment == "缺少身份证复印件"


def test_an_objection_reopens_the_township_review(application, staff, colleague, chief):
    _to_township_reviewed(
        application, village_reviewer=staff, township_reviewer=colleague
    )
    services.approve_application(by=chief, application=application)
    services.publish_notice(by=chief, application=application)

    application = services.raise_objection(
        by=staff, application=application, objection="村民反映已迁出"
    )

    assert application.status == S.VILLAGE_REVIEWED
    assert application.notice_ends_on is None
    again = services.approve_application(by=colleague, application=application)
    assert again.status == S.TOWNSHIP_REVIEWED


def test_no_step_is_skipped(application, chief):
    with pytest.raises(services.StateError):
        services.publish_notice(by=chief, application=application)
    with pytest.raises(services.StateError):
        services.confirm_application(by=chief, application=application)


def test_a_stale_version_is_refused(application, staff):
    with pytest.raises(services.StateError):
        services.approve_application(
            by=staff, application=application, expected_version=application.version - 1
        )


def test_one_open_application_per_person_scheme_and_year(application, clerk, scheme):
    with pytest.raises(ValidationError, match="open application"):
        services.submit_application(
            by=clerk, scheme=scheme, person=application.person, year=2026
        )


def test_another_townships_person_cannot_be_entered(clerk, scheme, other_village):
    stranger = PersonFactory.create(household__village=other_village)

    with pytest.raises(ValidationError) as refused:
        services.submit_application(by=clerk, scheme=scheme, person=stranger, year=2026)
    assert "person" in refused.value.message_dict


def test_a_refusal_is_recorded_with_its_reason(application, staff):
    application = services.reject_application(
        by=staff, application=application, reason="不符合条件"
    )

    assert application.status == S.REJECTED
    assert application.steps.last().by == staff


def test_each_review_level_runs_on_a_working_day_clock(application, staff):
    from bureau.clocks import clocks_for

    first = clocks_for(application).get()
    assert first.unit == "working"
    assert first.due_on == application.step_due_on

    services.approve_application(by=staff, application=application)

    first.refresh_from_db()
    assert first.state == "met"
    running = clocks_for(application).filter(state="running").get()
    application.refresh_from_db()
    assert running.due_on == application.step_due_on
    assert application.steps.filter(action="approve").get().due_on == first.due_on
