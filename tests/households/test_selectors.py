import datetime

from households import selectors
from tests.households.factories import HouseholdFactory, PersonFactory


def test_register_lists_sort_by_pinyin_with_unreadable_names_last(staff, village):
    household = HouseholdFactory.create(village=village)
    rare = PersonFactory.create(household=household, name="𣵦明")
    zhao = PersonFactory.create(household=household, name="赵六")
    an = PersonFactory.create(household=household, name="安然")

    names = [p.pk for p in selectors.visible_persons(staff)]

    assert names == [an.pk, zhao.pk, rare.pk]


def test_a_legacy_15_digit_number_finds_the_person(staff, village):
    household = HouseholdFactory.create(village=village)
    # 15-digit numbers were issued to people born in the 1900s only.
    person = PersonFactory.create(
        household=household, birth_date=datetime.date(1968, 4, 12)
    )
    legacy = person.id_number[:6] + person.id_number[8:17]

    found = selectors.search_persons(staff, legacy)

    assert list(found) == [person]
