"""The nightly data-quality checks: each rule finds its case and only its case; reruns."""

import datetime

import pytest
from django.urls import reverse

from bureau import crypto
from bureau.celery import BEAT_SCHEDULE
from households import indicators
from households.models import DataQualityIssue, Household, Person
from households.services.quality import run_quality_checks
from households.tasks import run_quality_checks_task
from tests.households.factories import HouseholdFactory, PersonFactory, make_head

Kind = DataQualityIssue.Kind
TODAY = datetime.date(2026, 3, 2)
TOMORROW = TODAY + datetime.timedelta(days=1)
IssueEvent = DataQualityIssue.pgh_event_model

pytestmark = pytest.mark.django_db


def plain_number(person: Person) -> str:
    return crypto.decrypt(person.id_number_encrypted)


def found(**counts) -> dict[str, int]:
    """The expected result: the kinds named, every other kind 0."""
    return {kind: counts.get(kind, 0) for kind in Kind.values}


@pytest.fixture
def family(village):
    """A clean household: head, spouse and a child born when the mother was 28."""
    household = HouseholdFactory.create(village=village)
    make_head(household, sex="M", birth_date=datetime.date(1985, 1, 1))
    mother = PersonFactory.create(
        household=household, sex="F", birth_date=datetime.date(1987, 6, 1)
    )
    PersonFactory.create(
        household=household,
        mother=mother,
        birth_date=datetime.date(2015, 9, 1),
    )
    return household


def test_a_clean_register_has_no_issues(family):
    assert run_quality_checks(today=TODAY) == found()
    assert not DataQualityIssue.objects.exists()


def test_a_number_twice_in_one_household_is_a_duplicate_number(family):
    member = family.members.exclude(pk=family.head_id).first()
    PersonFactory.create(household=family, id_number=plain_number(member))

    assert run_quality_checks(today=TODAY) == found(duplicate_number=2)
    issue = DataQualityIssue.objects.get(person=member)
    assert issue.household == family
    assert issue.township == family.village.township
    assert issue.first_seen_on == issue.last_seen_on == TODAY


def test_a_duplicate_without_household_takes_the_other_records_township(family):
    member = family.members.exclude(pk=family.head_id).first()
    loose = PersonFactory.create(household=None, id_number=plain_number(member))

    assert run_quality_checks(today=TODAY) == found(duplicate_number=2)
    issue = DataQualityIssue.objects.get(person=loose)
    assert issue.household is None
    assert issue.township == family.village.township
    assert issue.details == {"others": [member.pk]}


def test_a_number_in_two_households_is_a_person_in_two_households(
    family, other_village
):
    head = Person.objects.get(pk=family.head_id)
    elsewhere = HouseholdFactory.create(village=other_village)
    make_head(elsewhere, id_number=plain_number(head))

    assert run_quality_checks(today=TODAY) == found(two_households=2)
    townships = set(DataQualityIssue.objects.values_list("township", flat=True))
    assert townships == {family.village.township_id, other_village.township_id}


def test_a_mother_younger_than_15_at_the_birth_is_found_on_the_child(family):
    young = PersonFactory.create(
        household=family, sex="F", birth_date=datetime.date(2000, 6, 1)
    )
    child = PersonFactory.create(
        household=family, mother=young, birth_date=datetime.date(2015, 5, 31)
    )
    PersonFactory.create(
        household=family, mother=young, birth_date=datetime.date(2015, 6, 1)
    )

    assert run_quality_checks(today=TODAY) == found(young_mother=1)
    issue = DataQualityIssue.objects.get()
    assert issue.person == child
    assert issue.details == {"mother": young.pk, "mother_age": 14}


def test_households_without_a_head_or_with_a_head_elsewhere_are_found(family, village):
    headless = HouseholdFactory.create(village=village)
    PersonFactory.create(household=headless)
    wrong_head = HouseholdFactory.create(village=village)
    Household.objects.filter(pk=wrong_head.pk).update(head=family.head)
    HouseholdFactory.create(village=village, dissolved_on=datetime.date(2020, 1, 1))

    assert run_quality_checks(today=TODAY) == found(no_head=2)
    assert set(DataQualityIssue.objects.values_list("household", flat=True)) == {
        headless.pk,
        wrong_head.pk,
    }


def test_a_deceased_person_still_marked_resident_is_found(family):
    dead, moved = family.members.exclude(pk=family.head_id)[:2]
    Person.objects.filter(pk=dead.pk).update(
        is_alive=False, died_on=datetime.date(2025, 1, 1)
    )
    Person.objects.filter(pk=moved.pk).update(
        is_alive=False,
        died_on=datetime.date(2025, 1, 1),
        residence_status=Person.ResidenceStatus.MOVED_AWAY,
    )

    assert run_quality_checks(today=TODAY) == found(deceased_resident=1)
    assert DataQualityIssue.objects.get().person == dead


def _break_the_head(household):
    Household.objects.filter(pk=household.pk).update(head=None)


def test_rerunning_the_same_day_changes_nothing(family):
    _break_the_head(family)
    run_quality_checks(today=TODAY)
    rows = list(DataQualityIssue.objects.values())
    events = IssueEvent.objects.count()

    assert run_quality_checks(today=TODAY) == found(no_head=1)

    assert list(DataQualityIssue.objects.values()) == rows
    assert IssueEvent.objects.count() == events


def test_an_issue_found_again_keeps_its_first_day(family):
    _break_the_head(family)
    run_quality_checks(today=TODAY)

    run_quality_checks(today=TOMORROW)

    issue = DataQualityIssue.objects.get()
    assert (issue.first_seen_on, issue.last_seen_on) == (TODAY, TOMORROW)
    assert issue.resolved_on is None


def test_an_issue_is_resolved_once_the_record_is_fixed(family):
    head = family.head
    _break_the_head(family)
    run_quality_checks(today=TODAY)
    Household.objects.filter(pk=family.pk).update(head=head)

    assert run_quality_checks(today=TOMORROW) == found()

    issue = DataQualityIssue.objects.get()
    assert issue.resolved_on == TOMORROW
    assert indicators.quality_counts_by_township() == {}


def test_counts_by_township_per_kind_and_day(family, other_village):
    _break_the_head(family)
    elsewhere = HouseholdFactory.create(village=other_village)
    PersonFactory.create(household=elsewhere)
    run_quality_checks(today=TODAY)
    Household.objects.filter(pk=family.pk).update(head=family.head)
    run_quality_checks(today=TOMORROW)

    mine, theirs = family.village.township_id, other_village.township_id
    assert indicators.quality_counts_by_township() == {theirs: {"no_head": 1}}
    assert indicators.quality_counts_by_township(on=TODAY) == {
        mine: {"no_head": 1},
        theirs: {"no_head": 1},
    }
    assert (
        indicators.quality_counts_by_township(on=TODAY - datetime.timedelta(days=1))
        == {}
    )


def test_the_nightly_task_runs_the_checks(family):
    _break_the_head(family)

    assert run_quality_checks_task() == found(no_head=1)
    assert run_quality_checks_task.apply().get() == found(no_head=1)

    assert DataQualityIssue.objects.filter(kind=Kind.NO_HEAD).count() == 1


def test_the_checks_are_scheduled_at_two_in_the_night():
    entry = BEAT_SCHEDULE["households-quality-checks"]

    assert entry["task"] == run_quality_checks_task.name
    assert entry["schedule"].hour == {2}
    assert entry["options"] == {"expires": 3600}


# The page


def test_the_quality_page_lists_the_users_townships_with_counts_and_links(
    client, staff, chief, family, other_village, django_assert_max_num_queries
):
    _break_the_head(family)
    member = family.members.exclude(pk=family.head_id).first()
    Person.objects.filter(pk=member.pk).update(is_alive=False)
    elsewhere = HouseholdFactory.create(village=other_village)
    PersonFactory.create(household=elsewhere)
    run_quality_checks(today=TODAY)
    url = reverse("households:quality-list")

    client.force_login(staff)
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()

    assert reverse("households:household-detail", args=[family.pk]) in page
    assert reverse("households:person-detail", args=[member.pk]) in page
    assert reverse("households:household-detail", args=[elsewhere.pk]) not in page
    assert 'data-kind="no_head">1<' in page
    assert 'data-kind="deceased_resident">1<' in page
    client.force_login(chief)
    filtered = client.get(
        url, {"township": other_village.township_id, "kind": "no_head"}
    ).content.decode()
    assert reverse("households:household-detail", args=[elsewhere.pk]) in filtered
    assert reverse("households:household-detail", args=[family.pk]) not in filtered
