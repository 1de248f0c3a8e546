import datetime

from households.models import Person
from incentives import services
from incentives.eligibility import propose_candidates
from tests.households.factories import PersonFactory
from tests.incentives.factories import SchemeFactory, childcare_scheme

TODAY = datetime.date(2026, 6, 1)


def test_the_rural_reward_proposes_people_from_the_minimum_age_with_a_reason(
    village, staff, other_village
):
    scheme = SchemeFactory.create(kind="rural_reward", parameters={"min_age": 60})
    old = PersonFactory.create(
        household__village=village, birth_date=datetime.date(1960, 5, 1)
    )
    PersonFactory.create(
        household__village=village, birth_date=datetime.date(1970, 1, 1)
    )
    PersonFactory.create(
        household__village=other_village, birth_date=datetime.date(1950, 1, 1)
    )
    dead = PersonFactory.create(
        household__village=village, birth_date=datetime.date(1950, 1, 1)
    )
    Person.objects.filter(pk=dead.pk).update(
        is_alive=False, died_on=datetime.date(2025, 1, 1)
    )

    candidates = propose_candidates(staff, scheme=scheme, today=TODAY)

    assert [c.person for c in candidates] == [old]
    assert "Aged 66" in candidates[0].reason
    assert "papers" in candidates[0].reason


def test_the_minimum_age_is_a_parameter(village, staff):
    scheme = SchemeFactory.create(kind="rural_reward", parameters={"min_age": 55})
    person = PersonFactory.create(
        household__village=village, birth_date=datetime.date(1970, 1, 1)
    )

    assert [
        c.person for c in propose_candidates(staff, scheme=scheme, today=TODAY)
    ] == [person]


def test_childcare_proposes_children_under_three_with_a_parent_as_payee(village, staff):
    scheme = childcare_scheme()
    mother = PersonFactory.create(household__village=village, sex="F")
    baby = PersonFactory.create(
        household=mother.household, birth_date=datetime.date(2025, 1, 5), mother=mother
    )
    PersonFactory.create(
        household=mother.household, birth_date=datetime.date(2020, 1, 5), mother=mother
    )

    candidates = propose_candidates(staff, scheme=scheme, today=TODAY)

    assert [(c.person, c.payee) for c in candidates] == [(baby, mother)]
    assert "36 months" in candidates[0].reason


def test_someone_with_an_open_application_is_not_proposed_again(village, staff):
    scheme = SchemeFactory.create(kind="rural_reward", parameters={"min_age": 60})
    person = PersonFactory.create(
        household__village=village, birth_date=datetime.date(1950, 1, 1)
    )
    services.submit_application(by=staff, scheme=scheme, person=person, year=2026)

    assert propose_candidates(staff, scheme=scheme, today=TODAY) == []


def test_a_scheme_without_a_rule_proposes_nobody(village, staff):
    scheme = SchemeFactory.create(kind="hardship")
    PersonFactory.create(household__village=village)

    assert propose_candidates(staff, scheme=scheme, today=TODAY) == []
