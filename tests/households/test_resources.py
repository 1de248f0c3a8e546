"""PersonRegisterResource: the template's columns through django-import-export."""

import tablib

from households.models import Person
from households.resources import PersonRegisterResource
from tests.households.factories import HouseholdFactory, make_head
from tests.households.import_files import HEADERS, person_row


def test_export_uses_the_template_headers_and_masks_numbers(village):
    household = HouseholdFactory.create(village=village, number="00001")
    head = make_head(household, name="张伟", phones=["13800138000"])

    dataset = PersonRegisterResource().export(Person.objects.all())

    assert dataset.headers == HEADERS
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["户编号"] == "00001"
    assert row["村居代码"] == village.code
    assert row["证件号码"] == head.masked_id_number
    assert row["联系电话"] == "138****8000"
    assert row["与户主关系"] == "户主"


def test_import_adds_a_member_to_an_existing_household(village):
    household = HouseholdFactory.create(village=village, number="00001")
    row = person_row(village, "00001", name="单明", relation="子", serial=5)
    dataset = tablib.Dataset(headers=HEADERS)
    dataset.append([row[key] for key in (
        "household_no", "village_code", "address", "name", "document_type",
        "id_number", "sex", "birth_date", "ethnicity", "relation",
        "marital_status", "residence_status", "phone",
    )])  # fmt: skip

    result = PersonRegisterResource().import_data(dataset, dry_run=False)

    assert not result.has_errors()
    assert not result.has_validation_errors(), result.invalid_rows
    person = Person.objects.get()
    assert person.household == household
    assert person.relation_to_head == Person.Relation.SON
    assert person.name_pinyin == "shanming"
    assert person.id_last4 == row["id_number"][-4:]
    again = PersonRegisterResource().import_data(dataset, dry_run=False)
    assert again.totals["skip"] == 1
    assert Person.objects.count() == 1
