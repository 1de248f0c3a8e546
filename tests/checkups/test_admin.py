"""Operators keep the service catalogue; health data has no admin screen."""

import pytest
from django.contrib import admin
from django.urls import reverse

from checkups.models import RiskAssessment, ServiceItem, Visit

pytestmark = pytest.mark.django_db


def test_an_operator_switches_a_catalogue_item_off(client, administrator):
    item = ServiceItem.objects.get(code="pp-cmv")
    client.force_login(administrator)
    url = reverse("admin:checkups_serviceitem_change", args=[item.pk])

    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "code": item.code,
            "name": item.name,
            "campaign_kind": item.campaign_kind,
            "group": item.group,
            "number": item.number,
            "for_women": "on",
            "is_active": "",
        },
    )

    assert answer.status_code == 302
    item.refresh_from_db()
    assert not item.is_active


def test_visits_and_assessments_have_no_admin_screen():
    assert Visit not in admin.site._registry
    assert RiskAssessment not in admin.site._registry
