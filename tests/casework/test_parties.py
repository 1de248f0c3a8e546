"""Providers with their unified social credit code, practitioners, and parties to a case."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from casework import services
from casework.models import CaseEvent, CaseParty, Practitioner, Provider
from casework.models.credit_code import validate_credit_code
from casework.selectors import prior_violations, visible_providers
from tests.casework.factories import (
    PATH_TO_NOTICE,
    decide,
    open_case,
    provider_in,
    walk,
)

# Check characters from the weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 and
# (31 − Σ mod 31) mod 31 over the alphabet without I, O, Z, S, V (domain-china.md §1.3).
VALID = [
    "91110000600037341L",  # 9 market regulation, 1 company
    "Y1110105MA01ABCD2G",  # Y other authority: stdnum alone refuses it
    "N2110105MA01ABCD2M",  # N agriculture
    "A1110105MA01ABCD25",  # A military establishment office
]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_of_every_authority(code):
    assert validate_credit_code(code) == code


def test_a_code_is_compacted_and_capitalised():
    assert validate_credit_code(" 9111 0000-6000 3734 1l ") == "91110000600037341L"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91110000600037341X", "check character"),
        ("Y1110105MA01ABCD2H", "check character"),
        ("9111000060003734", "18 characters"),
        ("01110000600037341L", "registration authority"),
        ("B1110105MA01ABCD2G", "registration authority"),
        ("Y11101O5MA01ABCD2G", "digits 3-8 are the region"),
        ("91110000600037341Z", "letters I, O, Z, S and V"),
    ],
)
def test_wrong_codes_say_what_is_wrong(code, message):
    with pytest.raises(ValidationError, match=message):
        validate_credit_code(code)


@pytest.mark.django_db
def test_a_provider_with_a_code_and_one_without(village, staff):
    clinic = services.create_provider(
        by=staff,
        township=village.township,
        kind="licensed_institution",
        name="仁和医院",
        credit_code="91110000600037341l",
        licence_number="PDY00001X110101",
    )
    site = services.create_provider(
        by=staff, township=village.township, kind="unlicensed_site", name="无证B超点"
    )
    assert clinic.credit_code == "91110000600037341L"
    assert site.credit_code is None
    with pytest.raises(ValidationError, match="already recorded"):
        services.create_provider(
            by=staff,
            township=village.township,
            kind="licensed_institution",
            name="同码医院",
            credit_code="91110000600037341L",
        )
    with pytest.raises(ValidationError, match="check character"):
        services.create_provider(
            by=staff,
            township=village.township,
            kind="licensed_institution",
            name="错码医院",
            credit_code="91110000600037341X",
        )
    assert Provider.objects.count() == 2


@pytest.mark.django_db
def test_providers_stay_in_their_township(village, other_village, staff, auditor):
    own = provider_in(village.township, by=staff)
    with pytest.raises(PermissionDenied):
        provider_in(other_village.township, by=staff)
    with pytest.raises(PermissionDenied):
        provider_in(village.township, by=auditor)
    assert list(visible_providers(staff)) == [own]


@pytest.mark.django_db
def test_a_practitioners_identity_number_is_encrypted_and_masked(village, staff):
    practitioner = services.create_practitioner(
        by=staff,
        township=village.township,
        name="王医生",
        id_number="11010519491231002X",
        licence_number="110110000000001",
    )
    stored = Practitioner.objects.values_list("id_number_encrypted", flat=True).get()
    assert "11010519491231002X" not in stored
    assert practitioner.masked_id_number == "1101**********002X"
    with pytest.raises(ValidationError):
        services.create_practitioner(
            by=staff,
            township=village.township,
            name="李",
            id_number="110105194912310021",
        )


@pytest.mark.django_db
def test_a_party_is_named_once_and_on_the_timeline(village, staff):
    case = open_case(village=village, by=staff)
    clinic = provider_in(village.township, by=staff, name="康宁诊所")
    link = services.add_party(by=staff, case=case, provider=clinic)
    assert link.party == clinic
    assert case.timeline.filter(type=CaseEvent.Type.PARTY, note__contains="康宁诊所")
    with pytest.raises(ValidationError, match="already a party"):
        services.add_party(by=staff, case=case, provider=clinic)
    with pytest.raises(ValidationError, match="either a provider or a practitioner"):
        services.add_party(by=staff, case=case)


@pytest.mark.django_db
def test_only_a_liangfei_case_has_parties(village, staff):
    petition = open_case(village=village, by=staff, kind="petition", title="信访")
    with pytest.raises(ValidationError, match="not a 两非 case"):
        services.add_party(
            by=staff, case=petition, provider=provider_in(village.township, by=staff)
        )


@pytest.mark.django_db
def test_the_same_practitioner_recorded_twice_keeps_one_history(village, staff):
    first, second = (
        services.create_practitioner(
            by=staff,
            township=village.township,
            name="王医生",
            id_number="11010519491231002X",
        )
        for _ in range(2)
    )
    case = walk(open_case(village=village, by=staff), PATH_TO_NOTICE, by=staff)
    services.add_party(by=staff, case=case, practitioner=first)
    decide(case, by=staff)
    assert list(prior_violations(second)) == [case]


def test_no_casework_model_points_at_a_resident_or_a_health_record():
    """The pregnant woman is never a party: nothing here refers to the register or check-ups."""
    for model in apps.get_app_config("casework").get_models():
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if target is not None:
                assert target._meta.app_label not in {"households", "checkups"}, (
                    f"{model.__name__}.{field.name}"
                )
    assert {f.name for f in CaseParty._meta.get_fields()} >= {
        "provider",
        "practitioner",
    }
