from django.test import Client
from django.urls import reverse


def test_the_interface_speaks_chinese_by_default(db):
    response = Client().get(reverse("login"))

    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_english_is_available_on_request(db):
    response = Client(headers={"Accept-Language": "en"}).get(reverse("login"))

    assert response.headers["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
