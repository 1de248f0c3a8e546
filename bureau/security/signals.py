"""Logins, logouts, failures, lockouts, role and township changes become access events.

Connected in `BureauConfig.ready()`. Events are written for what happens while a request
is served (see `bureau.security.context`).
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from bureau.models import AccessEvent, User
from bureau.security import services
from bureau.security.context import acting_user, current_request
from bureau.security.policy import second_factor_required

USERNAME_LIMIT = 64


def _is_served(request) -> bool:
    return request is not None and request is current_request()


@receiver(user_logged_in, dispatch_uid="bureau_security_logged_in")
def _logged_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[services.LOGGED_IN_AT] = int(time.time())
    if not second_factor_required(user) and services.has_authenticator(user):
        request.session[services.SECOND_FACTOR_CHOSEN] = True
    if services.password_change_due(user):
        request.session[services.PASSWORD_CHANGE_REQUIRED] = True
    services.remember_session(request=request, user=user)
    if _is_served(request):
        services.record_event(
            request=request, kind=AccessEvent.Kind.LOGIN, user=user, target=user
        )


@receiver(user_logged_out, dispatch_uid="bureau_security_logged_out")
def _logged_out(sender, request, user, **kwargs):
    if request is None:
        return
    services.forget_session(session_key=request.session.session_key)
    if user is not None and _is_served(request):
        services.record_event(
            request=request, kind=AccessEvent.Kind.LOGOUT, user=user, target=user
        )


def _user_named(username: str) -> User | None:
    return User.objects.filter(username=username).first() if username else None


@receiver(user_login_failed, dispatch_uid="bureau_security_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    if not _is_served(request):
        return
    username = str(credentials.get("username", ""))[:USERNAME_LIMIT]
    user = _user_named(username)
    services.record_event(
        request=request,
        kind=AccessEvent.Kind.LOGIN_FAILED,
        user=user,
        object_id=user.pk if user else "",
        filters={"username": username},
    )


@receiver(user_locked_out, dispatch_uid="bureau_security_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    if not _is_served(request):
        return
    username = str(username or "")[:USERNAME_LIMIT]
    user = _user_named(username)
    services.record_event(
        request=request,
        kind=AccessEvent.Kind.LOCKOUT,
        user=user,
        object_id=user.pk if user else "",
        filters={"username": username},
    )


@receiver(pre_save, sender=User, dispatch_uid="bureau_security_role_before")
def _remember_role(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk or current_request() is None:
        return
    instance._role_before = (
        User.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
    )


@receiver(post_save, sender=User, dispatch_uid="bureau_security_role_after")
def _role_changed(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_role_before", None)
    instance._role_before = instance.role
    request = current_request()
    if raw or created or before is None or before == instance.role or request is None:
        return
    services.record_event(
        request=request,
        kind=AccessEvent.Kind.ROLE,
        user=acting_user(request),
        target=instance,
        filters={"from": before, "to": instance.role},
    )


@receiver(m2m_changed, sender=User.townships.through, dispatch_uid="bureau_townships")
def _townships_changed(sender, instance, action, reverse, pk_set, **kwargs):
    request = current_request()
    if request is None or action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:
        users = User.objects.filter(pk__in=pk_set or ())
        codes = [str(instance.pk)]
    else:
        users = [instance]
        codes = sorted(str(pk) for pk in (pk_set or ()))
        if action == "pre_clear":
            codes = sorted(
                str(pk) for pk in instance.townships.values_list("pk", flat=True)
            )
    change = "added" if action == "post_add" else "removed"
    if not codes:
        return
    for user in users:
        services.record_event(
            request=request,
            kind=AccessEvent.Kind.TOWNSHIPS,
            user=acting_user(request),
            target=user,
            filters={change: codes},
        )
