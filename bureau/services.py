"""Writes of the core: notifications and access events."""

import hashlib
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from bureau.models import AccessEvent, Notification, User


def notify(
    *, recipients: Iterable[User], title: str, body: str = "", link: str = ""
) -> list[Notification]:
    """Send an in-app notification to each recipient; e-mail follows after commit."""
    from bureau import tasks

    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, title=title, body=body, link=link)
        for user in recipients
    )
    ids = [notification.pk for notification in notifications]
    if ids:
        transaction.on_commit(partial(tasks.email_notifications_task.delay, ids))
    return notifications


def mark_notifications_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications (or just `ids`) read; return how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def email_notifications(*, ids: list[int]) -> int:
    """E-mail notifications not yet e-mailed to recipients with an address; safe to rerun."""
    from django.core.mail import send_mail

    sent = 0
    pending = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
    for notification in pending.select_related("recipient"):
        if not notification.recipient.email:
            continue
        send_mail(
            notification.title,
            notification.body,
            None,
            [notification.recipient.email],
        )
        Notification.objects.filter(pk=notification.pk).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent


def record_access(
    *,
    request: HttpRequest | None,
    user: User,
    kind: str,
    subject: str,
    object_id: Any = "",
    reason: str = "",
    filters: dict | None = None,
    row_count: int | None = None,
    checksum: str = "",
) -> AccessEvent:
    """Log a read of sensitive data or an export. Fails loudly: no log, no read."""
    return AccessEvent.objects.create(
        user=user,
        kind=kind,
        subject=subject,
        object_id=str(object_id or ""),
        reason=reason,
        filters=filters or {},
        row_count=row_count,
        checksum=checksum,
        path=request.get_full_path()[:500] if request else "",
        ip_address=request.META.get("REMOTE_ADDR") if request else None,
    )


def sha256_of(path: str) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
