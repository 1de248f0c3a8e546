"""The data-quality page says when the checks last ran, and an authorised user runs them now."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from households.models import DataQualityIssue, Household, QualityRun
from households.services import quality
from tests.households.factories import HouseholdFactory, PersonFactory, make_head
from tests.workers import running_worker

pytestmark = pytest.mark.django_db

URL = reverse("households:quality-list")
RUN_URL = reverse("households:quality-run")


@pytest.fixture
def headless(village):
    """A household whose head is missing: the checks find it."""
    household = HouseholdFactory.create(village=village)
    make_head(household)
    PersonFactory.create(household=household)
    Household.objects.filter(pk=household.pk).update(head=None)
    return household


def test_the_page_says_the_checks_have_not_run_yet(client, staff):
    client.force_login(staff)

    page = client.get(URL).content.decode()

    assert "The checks have not run yet" in page
    assert RUN_URL in page


def test_the_nightly_run_is_recorded_and_the_page_says_when(client, staff, headless):
    quality.run_quality_checks(today=timezone.localdate())
    run = QualityRun.objects.get()
    client.force_login(staff)

    page = client.get(URL).content.decode()

    assert run.status == QualityRun.Status.FINISHED
    assert run.requested_by is None
    assert run.found["no_head"] == 1
    assert run.started_at <= run.finished_at
    finished = timezone.localtime(run.finished_at).strftime("%Y-%m-%d %H:%M")
    assert f"The checks last ran at {finished} and found 1 open issue" in page
    assert "(nightly run)" in page


def test_staff_run_the_checks_now_and_see_what_they_found(
    client, staff, headless, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RUN_URL)

    assert response.status_code == 302
    assert response.url == URL
    run = QualityRun.objects.get()
    assert run.requested_by == staff
    assert run.status == QualityRun.Status.FINISHED
    assert DataQualityIssue.objects.filter(household=headless).exists()
    page = client.get(URL).content.decode()
    assert "found 1 open issue" in page
    assert f"(run by {staff})" in page


def test_a_second_click_while_a_run_is_under_way_queues_nothing(
    client, chief, django_capture_on_commit_callbacks
):
    waiting = QualityRun.objects.create(requested_by=chief)
    client.force_login(chief)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(RUN_URL, follow=True)

    assert callbacks == []
    assert list(QualityRun.objects.all()) == [waiting]
    assert "already under way" in response.content.decode()
    assert 'data-testid="pending-run"' in response.content.decode()


def test_a_run_left_waiting_by_a_dead_worker_does_not_block_a_new_one(
    chief, django_capture_on_commit_callbacks
):
    stale = QualityRun.objects.create(
        requested_by=chief,
        requested_at=timezone.now() - datetime.timedelta(hours=3),
    )

    with django_capture_on_commit_callbacks(execute=True):
        run, queued = quality.request_quality_run(by=chief)

    assert queued
    assert run != stale
    assert run.status == QualityRun.Status.QUEUED  # the object as it was queued
    run.refresh_from_db()
    assert run.status == QualityRun.Status.FINISHED


def test_a_failing_run_is_recorded_as_failed_and_writes_no_issue(monkeypatch, headless):
    def broken():
        raise RuntimeError("a check failed")

    monkeypatch.setattr(
        quality, "CHECKS", (quality.find_households_without_head, broken)
    )

    with pytest.raises(RuntimeError):
        quality.run_quality_checks(today=timezone.localdate())

    run = QualityRun.objects.get()
    assert run.status == QualityRun.Status.FAILED
    assert run.finished_at is not None
    assert not DataQualityIssue.objects.exists()


@pytest.mark.parametrize("role", ["auditor", "administrator"])
def test_only_authorised_users_may_run_the_checks(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    assert client.post(RUN_URL).status_code == 403
    assert not QualityRun.objects.exists()


def test_an_auditor_sees_the_last_run_but_no_button(client, auditor, headless):
    quality.run_quality_checks(today=timezone.localdate())
    client.force_login(auditor)

    page = client.get(URL).content.decode()

    assert "The checks last ran at" in page
    assert RUN_URL not in page


def test_running_needs_a_post(client, staff):
    client.force_login(staff)

    assert client.get(RUN_URL).status_code == 405


WORKER_QUEUE = "households-tests-quality"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_checks_asked_for_on_the_page(monkeypatch, client, village):
    from tests.bureau.factories import UserFactory

    household = HouseholdFactory.create(village=village)
    PersonFactory.create(household=household)  # no head: a finding
    staff = UserFactory.create(role="staff", townships=[village.township])
    client.force_login(staff)

    with running_worker(monkeypatch, queue=WORKER_QUEUE):
        client.post(RUN_URL)
        deadline = time.monotonic() + 30
        run = QualityRun.objects.get()
        while run.status != QualityRun.Status.FINISHED and time.monotonic() < deadline:
            time.sleep(0.2)
            run.refresh_from_db()

    assert run.status == QualityRun.Status.FINISHED
    assert run.found["no_head"] == 1
    assert DataQualityIssue.objects.filter(household=household).exists()
