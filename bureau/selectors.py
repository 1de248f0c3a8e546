"""Reads of the core: notifications, access events and the audit trail."""

from django.db.models import QuerySet

from bureau.models import AccessEvent, Notification, User


def unread_notification_count(user: User) -> int:
    """How many notifications `user` has not read."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient=user)


def visible_access_events(user: User) -> QuerySet[AccessEvent]:
    """Access events for those who may read the audit trail; nothing for others."""
    if not user.has_perm("bureau.view_audit_trail"):
        return AccessEvent.objects.none()
    return AccessEvent.objects.select_related("user")


def visible_change_events(user: User):
    """Every tracked change (pghistory events) for auditors; nothing for others."""
    from pghistory.models import Events

    if not user.has_perm("bureau.view_audit_trail"):
        return Events.objects.none()
    return Events.objects.order_by("-pgh_created_at", "-pgh_slug")
