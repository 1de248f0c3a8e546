import re

import pytest
from django.urls import reverse

from bureau import services
from bureau.models import Notification
from tests.bureau.factories import UserFactory

pytestmark = pytest.mark.django_db


def _bell_count(client) -> int:
    """The number on the bell in the header; 0 when the bell shows none."""
    page = client.get(reverse("home")).content.decode()
    match = re.search(r'data-testid="unread-count">(\d+)<', page)
    return int(match.group(1)) if match else 0


def test_notify_gives_each_recipient_an_unread_notification(staff, chief):
    services.notify(recipients=[staff, chief], title="月指令已下达", body="请查看")

    for user in (staff, chief):
        notification = Notification.objects.get(recipient=user)
        assert notification.title == "月指令已下达"
        assert notification.read_at is None


def test_the_bell_shows_how_many_notifications_are_unread(client, staff):
    services.notify(recipients=[staff], title="第一条")
    services.notify(recipients=[staff], title="第二条")
    client.force_login(staff)

    assert _bell_count(client) == 2


def test_opening_the_list_shows_the_notifications_and_marks_them_read(client, staff):
    services.notify(recipients=[staff], title="纠错申请待审核", link="/households/")
    client.force_login(staff)

    page = client.get(reverse("notifications")).content.decode()

    assert "纠错申请待审核" in page
    assert _bell_count(client) == 0
    assert Notification.objects.get(recipient=staff).read_at is not None


def test_mark_all_read_clears_the_bell(client, staff):
    services.notify(recipients=[staff], title="第一条")
    client.force_login(staff)

    client.post(reverse("notifications-read-all"))

    assert _bell_count(client) == 0


def test_a_user_never_sees_someone_elses_notifications(client, staff, chief):
    services.notify(recipients=[chief], title="仅局长可见")
    client.force_login(staff)

    page = client.get(reverse("notifications")).content.decode()

    assert "仅局长可见" not in page
    assert Notification.objects.get(recipient=chief).read_at is None


def test_recipients_with_an_address_get_an_email_after_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    with_address = UserFactory.create(email="wang@example.gov.cn")
    without_address = UserFactory.create(email="")

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[with_address, without_address],
            title="公示期已开始",
            body="详见",
        )
        assert mailoutbox == []

    assert [message.to for message in mailoutbox] == [["wang@example.gov.cn"]]
    assert mailoutbox[0].subject == "公示期已开始"
    assert Notification.objects.get(recipient=with_address).emailed_at is not None
    assert Notification.objects.get(recipient=without_address).emailed_at is None


def test_sending_the_emails_again_sends_nothing_twice(mailoutbox):
    user = UserFactory.create(email="wang@example.gov.cn")
    ids = [n.pk for n in services.notify(recipients=[user], title="提醒")]
    services.email_notifications(ids=ids)

    services.email_notifications(ids=ids)

    assert len(mailoutbox) == 1
