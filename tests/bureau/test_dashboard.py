"""The dashboard shows each role the figures it needs, each linked to the list it counts."""

import datetime
import re

import pytest
from django.urls import reverse

from households.models import Correction, DataQualityIssue, Household, Person
from households.services.quality import run_quality_checks
from tests.households.factories import (
    CorrectionFactory,
    HouseholdFactory,
    PersonFactory,
)
from tests.households.shared_files import (
    POLICE,
    POLICE_HEADER,
    import_file,
    make_resident,
    police_row,
)

pytestmark = pytest.mark.django_db


def _figures(response) -> dict[str, tuple[str, str]]:
    """{key: (value, link)} of the figures on the dashboard."""
    content = response.content.decode()
    cards = re.findall(
        r'<a class="card stat-card stat-card-link h-100" href="([^"]*)" '
        r'data-testid="figure-([^"]+)">.*?data-testid="figure-value">([^<]*)<',
        content,
        re.S,
    )
    return {
        key: (value.strip(), link.replace("&amp;", "&")) for link, key, value in cards
    }


def _dashboard(client, user) -> dict[str, tuple[str, str]]:
    client.force_login(user)
    return _figures(client.get(reverse("home")))


@pytest.fixture
def register(village, other_village):
    """Two households here (one dissolved), one elsewhere; residents of every status."""
    here = HouseholdFactory.create(village=village)
    PersonFactory.create(household=here)
    PersonFactory.create(
        household=here, residence_status=Person.ResidenceStatus.MOVED_IN
    )
    PersonFactory.create(household=here, residence_status="moved_away")
    PersonFactory.create(
        household=here, is_alive=False, died_on=datetime.date(2025, 1, 1)
    )
    HouseholdFactory.create(village=village, dissolved_on=datetime.date(2025, 1, 1))
    elsewhere = HouseholdFactory.create(village=other_village)
    PersonFactory.create(household=elsewhere)
    return here


def test_staff_see_residents_and_households_of_their_townships(client, staff, register):
    figures = _dashboard(client, staff)

    assert figures["residents"] == ("2", reverse("households:person-search"))
    assert figures["households"] == ("1", reverse("households:household-list"))


def test_the_chief_sees_the_whole_district(client, chief, register):
    figures = _dashboard(client, chief)

    assert figures["residents"][0] == "3"
    assert figures["households"][0] == "2"


def test_corrections_waiting_count_a_colleagues_not_ones_own(
    client, staff, village, register
):
    from tests.bureau.factories import UserFactory

    colleague = UserFactory.create(role="staff", townships=[village.township])
    person = register.members.first()
    CorrectionFactory.create(person=person, raised_by=colleague)
    CorrectionFactory.create(person=person, raised_by=colleague)
    CorrectionFactory.create(person=person, raised_by=staff)
    CorrectionFactory.create(
        person=person, raised_by=colleague, status=Correction.Status.APPLIED
    )

    figures = _dashboard(client, staff)

    assert figures["corrections-waiting"] == (
        "2",
        reverse("households:correction-list") + "?waiting=me",
    )


def test_the_waiting_link_lists_only_the_corrections_waiting_for_the_user(
    client, staff, village, register
):
    from tests.bureau.factories import UserFactory

    colleague = UserFactory.create(role="staff", townships=[village.township])
    person = register.members.first()
    theirs = CorrectionFactory.create(person=person, raised_by=colleague)
    CorrectionFactory.create(person=person, raised_by=staff)
    CorrectionFactory.create(
        person=person, raised_by=colleague, status=Correction.Status.APPLIED
    )
    link = _dashboard(client, staff)["corrections-waiting"][1]

    listed = client.get(link).content.decode()
    everything = client.get(reverse("households:correction-list")).content.decode()

    numbers = re.findall(r'href="/households/corrections/(\d+)/"', listed)
    assert numbers == [str(theirs.pk)]
    assert len(re.findall(r'href="/households/corrections/(\d+)/"', everything)) == 3
    assert '<option value="me" selected>' in listed


def test_users_who_decide_no_corrections_are_offered_no_waiting_filter(
    client, staff, auditor
):
    client.force_login(staff)
    assert (
        'name="waiting"'
        in client.get(reverse("households:correction-list")).content.decode()
    )
    client.force_login(auditor)
    assert (
        'name="waiting"'
        not in client.get(reverse("households:correction-list")).content.decode()
    )


def test_the_chief_and_auditor_decide_no_corrections_and_see_no_such_figure(
    client, chief, auditor, register
):
    assert "corrections-waiting" not in _dashboard(client, chief)
    assert "corrections-waiting" not in _dashboard(client, auditor)
    assert "residents" in _dashboard(client, auditor)


def test_open_findings_and_the_last_run_link_to_the_quality_page(
    client, staff, village, register
):
    Household.objects.filter(pk=register.pk).update(head=None)
    run_quality_checks(today=datetime.date(2026, 3, 2))
    issues = DataQualityIssue.objects.filter(resolved_on__isnull=True)
    mine = issues.filter(township=village.township).count()

    figures = _dashboard(client, staff)

    assert 0 < mine < issues.count()  # the other township's findings are not counted
    assert figures["quality-open"] == (
        str(mine),
        reverse("households:quality-list") + "?status=open",
    )
    value, link = figures["quality-last-run"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", value)
    assert link == reverse("households:quality-list")


def test_before_any_run_the_last_run_says_so(client, staff, register):
    assert _dashboard(client, staff)["quality-last-run"][0] == "—"


def test_reconciliation_items_waiting_in_the_users_townships(client, staff, village):
    resident = make_resident(village)
    import_file(staff, POLICE, POLICE_HEADER, police_row(resident, "死亡"))

    figures = _dashboard(client, staff)

    assert figures["reconciliation-open"] == (
        "1",
        reverse("households:reconciliation-list") + "?status=open",
    )


def test_every_figure_link_opens_its_list(client, staff, register):
    for _value, link in _dashboard(client, staff).values():
        assert client.get(link).status_code == 200, link


def test_the_administrator_sees_no_register_figures(client, administrator):
    assert _dashboard(client, administrator) == {}


def test_the_dashboard_stays_within_its_query_budget(
    client, staff, register, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get(reverse("home"))

    with django_assert_max_num_queries(20):
        client.get(reverse("home"))
