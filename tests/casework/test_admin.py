"""Operator screens list every casework row read-only and never show a sealed value."""

import pytest
from django.urls import reverse

from bureau.roles import Role
from casework.models import Practitioner
from tests.bureau.factories import UserFactory
from tests.casework.factories import open_case, served_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

MODELS = [
    "case",
    "provider",
    "practitioner",
    "caseparty",
    "lead",
    "reporterreward",
    "decision",
    "finepayment",
    "seizeditem",
    "casetarget",
]


@pytest.fixture
def operator(client):
    user = UserFactory.create(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_every_list_opens_and_nothing_can_be_added(client, operator, village, staff):
    served_case(village=village, by=staff)
    for model in MODELS:
        page = client.get(reverse(f"admin:casework_{model}_changelist"))
        assert page.status_code == 200, model
        assert client.get(reverse(f"admin:casework_{model}_add")).status_code == 403


def test_the_case_and_practitioner_screens_hide_the_sealed_values(
    client, operator, village, staff
):
    from casework import services

    case = open_case(village=village, by=staff, reporter="钱七 13600000000")
    practitioner = services.create_practitioner(
        by=staff,
        township=village.township,
        name="王医生",
        id_number="11010519491231002X",
    )
    case_page = client.get(reverse("admin:casework_case_change", args=[case.pk]))
    person_page = client.get(
        reverse("admin:casework_practitioner_change", args=[practitioner.pk])
    )
    assert case_page.status_code == person_page.status_code == 200
    assert "钱七" not in case_page.content.decode()
    assert "v1:" not in case_page.content.decode()
    stored = Practitioner.objects.get().id_number_encrypted
    assert stored not in person_page.content.decode()
    assert "11010519491231002X" not in person_page.content.decode()
