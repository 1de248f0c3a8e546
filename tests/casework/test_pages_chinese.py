"""The casework pages read in Chinese, the product's default language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.casework.factories import PATH_TO_NOTICE, decide, open_case, walk
from tests.conftest import BureauClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]


@pytest.fixture
def chinese():
    with translation.override("zh-hans"):
        yield


def _visible_words(html: str) -> set[str]:
    """The English words of the page's text, outside tags, scripts and styles."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"&[a-z]+;", " ", re.sub(r"(?s)<[^>]+>", " ", html))
    return set(re.findall(r"[A-Za-z]{3,}", text))


def test_a_decided_case_and_its_ledger_read_in_chinese(chinese, village, staff):
    case = walk(open_case(village=village, by=staff), PATH_TO_NOTICE, by=staff)
    case = decide(case, by=staff)
    client = BureauClient()
    client.force_login(staff)

    text = client.get(reverse("casework:case-detail", args=[case.pk])).content.decode()

    for label in ("处罚决定", "当事人", "扣押物品", "办理环节", "附件"):
        assert label in text
    # The timeline's notes read as they were written.
    page = re.sub(r'(?s)<ol[^>]*data-testid="timeline".*?</ol>', "", text)
    usernames = {"user"}  # the factories' staff have no full name: user12
    assert _visible_words(page) <= {"English", "PDF", "PNG", "DOCX", *usernames}


@pytest.mark.parametrize(
    ("name", "needs_case", "label"),
    [
        ("casework:case-list", False, "登记案件"),
        ("casework:case-register", False, "举报人（保密）"),
        ("casework:overdue", False, "逾期案件"),
        ("casework:statistics", False, "线索来源分布"),
        ("casework:case-print", True, "行政处罚决定书"),
    ],
)
def test_the_other_pages_read_in_chinese(
    chinese, village, staff, name, needs_case, label
):
    args = [open_case(village=village, by=staff).pk] if needs_case else []
    client = BureauClient()
    client.force_login(staff)

    text = client.get(reverse(name, args=args)).content.decode()

    assert label in text
    assert _visible_words(text) <= {"English", "XLSX", "CSV", "user"}
