"""Chinese whatever the browser asks for; English only when the user chooses it."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _language_switch(response) -> str:
    content = response.content.decode()
    start = content.index('data-testid="language-switch"')
    return content[start : content.index("</div>", start)]


def test_the_interface_speaks_chinese_by_default():
    response = Client().get(reverse("login"))

    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


@pytest.mark.parametrize("asked", ["en", "en-US,en;q=0.9", "fr,en;q=0.5"])
def test_a_browser_asking_for_english_still_gets_chinese(asked):
    browser = Client()

    response = browser.get(reverse("login"), headers={"Accept-Language": asked})

    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_choosing_english_with_the_switch_keeps_english_until_changed_back():
    browser = Client()

    chosen = browser.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}
    )
    english = browser.get(reverse("login"), headers={"Accept-Language": "zh-CN"})
    browser.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    chinese = browser.get(reverse("login"), headers={"Accept-Language": "en"})

    assert chosen.status_code == 302
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert english.headers["Content-Language"] == "en"
    assert "Log in" in english.content.decode()
    assert chinese.headers["Content-Language"] == "zh-hans"


def test_the_choice_outlives_the_browser_session():
    browser = Client()

    browser.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME]["max-age"] >= 30 * 86400


def test_an_unknown_language_in_the_cookie_falls_back_to_chinese():
    browser = Client()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    response = browser.get(reverse("login"))

    assert response.headers["Content-Language"] == "zh-hans"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_switch_names_each_language_in_its_own_script(language):
    browser = Client()
    browser.post(reverse("set_language"), {"language": language, "next": "/"})

    switch = _language_switch(browser.get(reverse("login")))

    assert "简体中文" in switch
    assert "English" in switch
    assert "英语" not in switch
    assert "Simplified Chinese" not in switch


def test_an_api_client_may_still_ask_for_english_by_header(staff):
    api = Client()
    api.force_login(staff)

    english = api.get("/api/v1/no-such-endpoint/", headers={"Accept-Language": "en"})
    chinese = api.get("/api/v1/no-such-endpoint/")

    assert english.headers["Content-Language"] == "en"
    assert chinese.headers["Content-Language"] == "zh-hans"


def test_the_admin_is_branded_and_names_every_section_in_chinese():
    from bureau.roles import Role
    from tests.bureau.factories import UserFactory
    from tests.conftest import BureauClient

    operator = UserFactory.create(role=Role.ADMIN, is_staff=True, is_superuser=True)
    browser = BureauClient()
    browser.force_login(operator)

    content = browser.get(reverse("admin:index")).content.decode()

    assert "人口家庭服务 · 系统管理" in content
    assert "Django" not in content
    for section in [
        "机构、账户与工作日历",  # the core
        "全员人口信息",  # households
        "登录尝试与锁定",  # axes
        "登录记录",  # axes' access log
        "周期任务",  # django-celery-beat
    ]:
        assert section in content, section
    for untranslated in ["Axes", "Otp_Totp", "Pghistory", "Bureau", "Access logs"]:
        assert f">{untranslated}<" not in content


def test_the_second_factor_sections_are_named_in_chinese_where_the_admin_lists_them():
    from bureau.roles import Role
    from tests.bureau.factories import UserFactory
    from tests.conftest import BureauClient

    operator = UserFactory.create(role=Role.ADMIN, is_staff=True, is_superuser=True)
    browser = BureauClient()
    browser.force_login(operator)

    content = browser.get(reverse("admin:auth_group_add")).content.decode()

    assert "身份验证器应用（TOTP） | 身份验证器 | " in content  # django-otp's TOTP
    assert "登录尝试与锁定 | 登录记录 | " in content  # axes
    assert "TOTP device |" not in content
    assert "Otp_Totp" not in content


def test_the_api_schema_speaks_chinese_and_english_on_request(staff):
    api = Client()
    api.force_login(staff)

    chinese = api.get(reverse("schema"), {"format": "json"}).json()
    english = api.get(reverse("schema"), {"format": "json", "lang": "en"}).json()

    assert chinese["info"]["title"] == "人口家庭服务 API"
    assert "令牌" in chinese["info"]["description"]
    assert english["info"]["title"] == "Population and family services API"
    answers = chinese["paths"]["/api/v1/persons/{pk}/"]["get"]["responses"]
    assert answers["404"]["description"].startswith("您所辖镇街中没有")
    assert answers["401"]["description"] == "没有有效的令牌或会话。"


def test_the_api_docs_in_an_english_browser_stay_chinese_until_english_is_chosen(staff):
    browser = Client()
    browser.force_login(staff)
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}

    before = browser.get(reverse("schema"), {"format": "json"}, headers=english_browser)
    browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    after = browser.get(reverse("schema"), {"format": "json"}, headers=english_browser)

    assert before.json()["info"]["title"] == "人口家庭服务 API"
    assert after.json()["info"]["title"] == "Population and family services API"
