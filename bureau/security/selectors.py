"""Reads of account security: sessions and the accounts an administrator looks after."""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bureau.models import User
from bureau.models.security import LoginSession


def _live(sessions) -> list[LoginSession]:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    return [session for session in sessions if store.exists(session.session_key)]


def sessions_of(user: User) -> list[LoginSession]:
    """`user`'s own sessions that are still open, newest first."""
    return _live(LoginSession.objects.filter(user=user))


def visible_sessions(user: User) -> QuerySet[LoginSession]:
    """Sessions `user` may end: their own; every session for those who manage users."""
    if user.has_perm("bureau.change_user"):
        return LoginSession.objects.select_related("user")
    return LoginSession.objects.filter(user=user).select_related("user")


def visible_accounts(user: User) -> QuerySet[User]:
    """Accounts with their second-factor status and session count, for administrators."""
    if not user.has_perm("bureau.change_user"):
        return User.objects.none()
    return User.objects.annotate(
        has_authenticator=Exists(
            TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        ),
        # Sessions are kept in the database (SESSION_ENGINE "db" or "cached_db").
        session_count=Count(
            "login_sessions",
            filter=Q(
                login_sessions__session_key__in=Session.objects.filter(
                    expire_date__gt=timezone.now()
                ).values("session_key")
            ),
            distinct=True,
        ),
    ).order_by("username")


def accounts_matching(accounts: QuerySet[User], query: str) -> QuerySet[User]:
    """Narrow `accounts` to those whose username or name contains `query`."""
    query = query.strip()
    if not query:
        return accounts
    return accounts.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
