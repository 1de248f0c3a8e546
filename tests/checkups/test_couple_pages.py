"""Couple pages: registration on both consents, risk assessment, counselling and the
follow-up list, and what the chief sees of it."""

import pytest
from django.urls import reverse

from bureau.roles import Role
from checkups import services
from tests.bureau.factories import UserFactory
from tests.checkups.pages import (
    client_as,
    consent_to_check,
    partners,
    registered_couple,
    today,
)

pytestmark = pytest.mark.django_db


def register_from_the_form(user, her, him):
    return client_as(user).post(
        reverse("checkups:couple-create"),
        {
            "woman_id_number": her.id_number,
            "man_id_number": him.id_number,
            "registered_on": today().isoformat(),
        },
    )


def test_a_couple_is_registered_with_both_consents(staff, village):
    her, him = partners(village)
    consent_to_check(staff, her)
    consent_to_check(staff, him)

    answer = register_from_the_form(staff, her, him)

    assert answer.status_code == 302
    page = client_as(staff).get(answer["Location"])
    assert "李娜" in page.content.decode()
    assert "张伟" in page.content.decode()


def test_a_couple_without_consent_is_refused_with_a_message(staff, village):
    her, him = partners(village)
    consent_to_check(staff, her)

    answer = register_from_the_form(staff, her, him)

    assert answer.status_code == 200
    assert answer.context["form"].errors
    assert not her.checkup_couples_as_woman.exists()


def test_a_high_risk_person_stays_on_the_follow_up_list_until_counselled(
    staff, village
):
    couple = registered_couple(staff, village)
    client = client_as(staff)
    client.post(
        reverse("checkups:couple-assess", args=[couple.pk]),
        {
            "person": couple.woman_id,
            "outcome": "high_risk",
            "factors": ["rubella_susceptible"],
            "assessed_on": today().isoformat(),
        },
    )
    listed = client.get(reverse("checkups:follow-up-list"))
    assert "李娜" in listed.content.decode()

    client.post(
        reverse("checkups:couple-counsel", args=[couple.pk]),
        {
            "person": couple.woman_id,
            "counselled_on": today().isoformat(),
            "content": "建议接种风疹疫苗后再计划怀孕",
        },
    )

    after = client.get(reverse("checkups:follow-up-list"))
    assert "李娜" not in after.content.decode()


def test_a_high_risk_assessment_without_factors_is_refused(staff, village):
    couple = registered_couple(staff, village)

    answer = client_as(staff).post(
        reverse("checkups:couple-assess", args=[couple.pk]),
        {
            "person": couple.woman_id,
            "outcome": "high_risk",
            "assessed_on": today().isoformat(),
        },
    )

    assert answer.status_code == 400
    assert "Tick the risk factors" in answer.content.decode()
    assert not couple.assessments.exists()


def test_the_chief_sees_how_many_wait_for_counselling_but_not_who(staff, village):
    couple = registered_couple(staff, village)
    services.assess_risk(
        by=staff,
        couple=couple,
        person=couple.woman,
        outcome="high_risk",
        factors=["genetic"],
        risk_class="",
        notes="",
        assessed_on=today(),
    )
    chief = UserFactory.create(role=Role.CHIEF)

    listed = client_as(chief).get(reverse("checkups:follow-up-list"))
    couple_page = client_as(chief).get(
        reverse("checkups:couple-detail", args=[couple.pk])
    )

    assert "1 person waits for counselling." in listed.content.decode()
    assert "李娜" not in listed.content.decode()
    assert b'data-testid="health-hidden"' in couple_page.content
    assert "Genetic" not in couple_page.content.decode()
