"""A chart drawn in Chromium from its JSON payload, under the Content Security Policy."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.template import engines
from django.urls import path

from bureau import scoping
from bureau.charts import chart
from bureau.urls import urlpatterns as bureau_urlpatterns

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE = """{% extends "base.html" %}{% load charts %}
{% block content %}{% chart bars %}{% chart pie %}{% endblock content %}
{% block scripts %}{% chart_scripts %}{% endblock scripts %}"""


@login_not_required
@scoping.public
def chart_page(request):
    from django.http import HttpResponse

    bars = chart(
        kind="bar",
        title="出生登记",
        categories=["东关街道", "西山镇"],
        series={"2026年": [120, 87]},
    )
    pie = chart(
        kind="pie",
        title="构成",
        categories=["一孩", "二孩"],
        series={"人数": [60, 40]},
    )
    html = (
        engines["django"].from_string(PAGE).render({"bars": bars, "pie": pie}, request)
    )
    return HttpResponse(html)


urlpatterns = [path("chart-demo/", chart_page), *bureau_urlpatterns]


@pytest.mark.urls(__name__)
def test_a_bar_and_a_pie_chart_are_drawn_without_breaking_the_policy(page, live_server):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or message.type == "error"
            else None
        ),
    )

    response = page.goto(f"{live_server.url}/chart-demo/")

    assert "script-src 'self'" in response.headers["content-security-policy"]

    page.wait_for_selector("[data-chart-drawn] svg")
    assert page.locator("[data-chart-drawn] svg").count() == 2
    assert page.locator("[data-chart-drawn] svg text", has_text="东关街道").count() >= 1
    assert page.locator("table.app-chart-table td", has_text="120").count() == 1
    assert violations == []
