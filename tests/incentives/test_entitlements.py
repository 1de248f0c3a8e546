import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from households.models import Person
from incentives import services
from incentives.models import Entitlement, EntitlementChange
from tests.households.factories import PersonFactory
from tests.incentives.factories import approve, entitled, monthly_scheme

TODAY = datetime.date(2026, 5, 10)


@pytest.fixture
def scheme(db):
    return monthly_scheme("590.00")


def test_a_death_is_proposed_once_with_the_overpayment_and_a_person_confirms(
    scheme, village, staff, chief, checker
):
    entitlement = entitled(scheme, village=village, by=staff)
    for period in ("2026-03", "2026-04"):
        batch = services.create_batch(by=chief, scheme=scheme, period=period)
        services.freeze_batch(by=chief, batch=batch)
        approve(batch, by=checker)
        services.export_bank_file(by=chief, batch=batch)
    Person.objects.filter(pk=entitlement.person_id).update(
        is_alive=False, died_on=datetime.date(2026, 3, 20)
    )

    assert services.propose_entitlement_changes(today=TODAY) == 1
    assert services.propose_entitlement_changes(today=TODAY) == 0

    change = EntitlementChange.objects.get()
    assert change.kind == "death"
    assert change.effective_on == datetime.date(2026, 4, 1)
    assert change.overpayment == Decimal("590.00")  # April was sent after the death
    entitlement.refresh_from_db()
    assert (
        entitlement.status == Entitlement.Status.ACTIVE
    )  # nothing changes unconfirmed

    services.decide_entitlement_change(by=staff, change=change, confirm=True)
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.TERMINATED
    assert entitlement.ends_on == datetime.date(2026, 3, 31)


def test_moving_away_is_proposed_and_can_be_dismissed_with_a_note(
    scheme, village, staff
):
    entitlement = entitled(scheme, village=village, by=staff)
    Person.objects.filter(pk=entitlement.person_id).update(
        residence_status="moved_away"
    )
    services.propose_entitlement_changes(today=TODAY)
    change = EntitlementChange.objects.get()

    with pytest.raises(ValidationError):
        services.decide_entitlement_change(by=staff, change=change, confirm=False)
    services.decide_entitlement_change(
        by=staff, change=change, confirm=False, note="户口仍在本区"
    )

    assert services.propose_entitlement_changes(today=TODAY) == 0
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.ACTIVE


def test_a_disabled_child_who_died_switches_the_category(scheme, village, staff):
    parent = PersonFactory.create(household__village=village)
    child = PersonFactory.create(household=parent.household)
    entitlement = Entitlement.objects.create(
        scheme=scheme,
        category="child_disabled",
        person=parent,
        payee=parent,
        child=child,
        village=village,
        starts_on=datetime.date(2024, 1, 1),
    )
    Person.objects.filter(pk=child.pk).update(
        is_alive=False, died_on=datetime.date(2026, 4, 3)
    )

    services.propose_entitlement_changes(today=TODAY)
    change = EntitlementChange.objects.get(kind="category")
    services.decide_entitlement_change(by=staff, change=change, confirm=True)

    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.TERMINATED
    new = Entitlement.objects.exclude(pk=entitlement.pk).get()
    assert new.category == "child_died"
    assert new.starts_on == datetime.date(2026, 5, 1)


def test_suspend_and_resume(scheme, village, staff):
    entitlement = entitled(scheme, village=village, by=staff)

    services.suspend_entitlement(by=staff, entitlement=entitlement, reason="卡已冻结")
    with pytest.raises(services.StateError):
        services.suspend_entitlement(by=staff, entitlement=entitlement, reason="again")
    resumed = services.resume_entitlement(
        by=staff, entitlement=entitlement, reason="新卡"
    )

    assert resumed.status == Entitlement.Status.ACTIVE


def test_a_suspended_entitlement_gets_no_line(scheme, village, staff, chief):
    entitlement = entitled(scheme, village=village, by=staff)
    services.suspend_entitlement(by=staff, entitlement=entitlement, reason="卡已冻结")

    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")

    assert batch.line_count == 0


def test_a_later_birth_ends_special_assistance_without_recovery(village, staff):
    scheme = monthly_scheme(
        "590.00", kind="special_assistance", parameters={"ends_on_new_child": True}
    )
    entitlement = entitled(scheme, village=village, by=staff, sex="F")
    PersonFactory.create(
        household=entitlement.person.household,
        mother=entitlement.person,
        birth_date=datetime.date(2026, 2, 14),
    )

    assert services.propose_entitlement_changes(today=TODAY) == 1
    change = EntitlementChange.objects.get()
    assert change.kind == "new_child"
    assert change.effective_on == datetime.date(2026, 3, 1)
    assert change.overpayment == 0


def test_a_scheme_without_the_rule_ignores_births(scheme, village, staff):
    entitlement = entitled(scheme, village=village, by=staff, sex="F")
    PersonFactory.create(
        household=entitlement.person.household,
        mother=entitlement.person,
        birth_date=datetime.date(2026, 2, 14),
    )

    assert services.propose_entitlement_changes(today=TODAY) == 0
