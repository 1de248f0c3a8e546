"""403, 404 and 500 in the product's layout, in Chinese, with a way back; quiet 403 logs."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path, reverse

from bureau import scoping

pytestmark = pytest.mark.django_db


@scoping.public
def _refusing(request):
    raise PermissionDenied


@scoping.public
def _failing(request):
    raise RuntimeError("a bug")


# The product's routes plus two that fail on purpose (the tests switch ROOT_URLCONF).
urlpatterns = [
    path("refused/", _refusing),
    path("broken/", _failing),
    path("", include("bureau.urls")),
]


def _in_product_layout(content: str, status: int) -> None:
    assert f'data-status="{status}"' in content
    assert "人口家庭服务" in content  # the product's name in the header
    assert f'href="{reverse("home")}"' in content  # the way back
    assert "返回工作台" in content


def test_a_missing_page_is_the_products_chinese_404(client, staff):
    browser = Client()
    browser.force_login(staff)

    response = browser.get("/households/persons/2000000000/")

    assert response.status_code == 404
    content = response.content.decode()
    _in_product_layout(content, 404)
    assert "页面不存在" in content
    assert response.headers["Content-Language"] == "zh-hans"


def test_a_refused_page_is_the_products_chinese_403(staff):
    browser = Client()
    browser.force_login(staff)

    response = browser.get(reverse("audit:changes"))

    assert response.status_code == 403
    content = response.content.decode()
    _in_product_layout(content, 403)
    assert "您无权打开此页面" in content


def test_a_server_error_is_the_products_chinese_500(settings, staff):
    settings.ROOT_URLCONF = "tests.bureau.test_error_pages"
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    browser = Client(raise_request_exception=False)
    browser.force_login(staff)

    response = browser.get("/broken/")

    assert response.status_code == 500
    content = response.content.decode()
    assert 'data-status="500"' in content
    assert "出错了" in content
    assert "人口家庭服务" in content


def test_an_ordinary_refusal_is_logged_as_one_line_without_a_traceback(
    settings, staff, caplog
):
    settings.ROOT_URLCONF = "tests.bureau.test_error_pages"
    browser = Client()
    browser.force_login(staff)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = browser.get("/refused/")

    assert response.status_code == 403
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in refusals] == [
        "Forbidden (Permission denied): /refused/"
    ]
    assert refusals[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback_in_the_log(settings, staff, caplog):
    settings.ROOT_URLCONF = "tests.bureau.test_error_pages"
    browser = Client(raise_request_exception=False)
    browser.force_login(staff)

    with caplog.at_level(logging.ERROR, logger="django.request"):
        browser.get("/broken/")

    errors = [r for r in caplog.records if r.name == "django.request"]
    assert errors
    assert errors[0].exc_info is not None


def test_an_anonymous_visit_to_the_api_docs_goes_to_the_login_page():
    response = Client().get(reverse("api-docs"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('api-docs')}"


def test_a_logged_in_user_reads_the_api_docs(staff):
    browser = Client()
    browser.force_login(staff)

    assert browser.get(reverse("api-docs")).status_code == 200


def test_the_api_still_answers_a_missing_address_in_json(staff):
    browser = Client()
    browser.force_login(staff)

    response = browser.get("/api/v1/no-such-endpoint/")

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")


def test_a_form_refused_by_the_csrf_check_is_explained_in_chinese_with_a_way_back(
    staff, caplog
):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)
    form_page = "http://testserver" + reverse("notifications")

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = browser.post(
            reverse("notifications-read-all"), headers={"Referer": form_page}
        )

    assert response.status_code == 403
    content = response.content.decode()
    _in_product_layout(content, 403)
    assert 'data-reason="csrf"' in content
    assert "表单未能提交" in content
    assert f'href="{form_page}" data-testid="form-again"' in content
    assert "CSRF cookie" not in content  # the reason stays in the log
    assert "Traceback" not in caplog.text


def test_a_stale_login_form_offers_the_login_page_and_no_foreign_page():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        reverse("login"),
        {"username": "someone", "password": "x"},
        headers={"Referer": "https://elsewhere.example/phish"},
    )

    assert response.status_code == 403
    content = response.content.decode()
    assert "表单未能提交" in content
    assert f'href="{reverse("login")}"' in content
    assert "elsewhere.example" not in content
    assert 'data-testid="form-again"' not in content
