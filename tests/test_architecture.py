"""Structural rules that keep the township rule and the audit trail from being forgotten."""

from collections.abc import Iterator

import pghistory.models
import pytest
from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, path

from bureau.api.viewsets import ScopedViewSet
from bureau.api_router import router

ACCESS_MARKS = {"scoped", "public"}

# Third-party views that carry their own access rule; the admin site (namespace "admin")
# checks is_staff and model permissions on every page it serves.
THIRD_PARTY_VIEW_MODULES = {
    "django.contrib.auth.views": "login and logout show no resident data",
    "django.views.i18n": "the language switch stores a preference only",
    "drf_spectacular.views": "the API schema and docs describe endpoints, not rows",
    "rest_framework.routers": "the API root lists endpoint addresses only",
    "django.views.static": "static files in development",
}
ADMIN_NAMESPACE = "admin"

DOMAIN_APPS = {"bureau", "households", "checkups", "casework", "incentives", "reports"}

# Models that are not domain data; each needs a reason. pghistory's own event models
# are skipped separately (they are the audit trail).
NOT_AUDITED = {
    "bureau.AccessEvent": "it is itself the append-only read log",
    "bureau.Notification": "a per-user inbox message, not a record about residents",
    "bureau.ImportJob": "progress of an upload; the rows it writes are audited in their tables",
    "bureau.ExportJob": "progress of an export; the export itself is an access event",
    # Secrets (hashes, digests, session keys) must not be copied into event tables; what
    # happens to them is recorded as access events (bureau.security).
    "bureau.RecoveryCodeDevice": "second-factor device; enrolment and reset are access events",
    "bureau.RecoveryCode": "a digest of a one-time code; use and reset are access events",
    "bureau.PasswordRecord": "password hashes; each change is an access event",
    "bureau.LoginSession": "session keys; logins, logouts and ended sessions are access events",
}


def _walk(patterns, prefix="", namespace="") -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), namespace, pattern


def _view_class(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def _is_allowed(namespace: str, callback) -> bool:
    view_class = _view_class(callback)
    if getattr(callback, "access_scope", None) in ACCESS_MARKS:
        return True
    if (
        view_class is not None
        and getattr(view_class, "access_scope", None) in ACCESS_MARKS
    ):
        return True
    if namespace.split(":")[0] == ADMIN_NAMESPACE:
        return True
    module = (view_class or callback).__module__
    return module in THIRD_PARTY_VIEW_MODULES


def unmarked_urls(patterns) -> list[str]:
    """Routes whose view is neither scoped, public, nor an allowed third-party view."""
    return [
        route
        for route, namespace, pattern in _walk(patterns)
        if not _is_allowed(namespace, pattern.callback)
    ]


def test_every_url_is_scoped_or_explicitly_public():
    offending = unmarked_urls(get_resolver().url_patterns)

    assert not offending, (
        "These URLs serve a view that is neither @scoped, @public, a ScopedMixin/"
        f"ScopedViewSet class nor an allowed third-party view: {offending}"
    )


def test_a_view_without_a_scope_mark_is_reported():
    def unmarked(request):
        raise AssertionError("never called")

    patterns = [path("households/secret/", unmarked, name="secret")]

    assert unmarked_urls(patterns) == ["households/secret/"]


@pytest.mark.parametrize(
    ("prefix", "viewset"),
    [(prefix, viewset) for prefix, viewset, _ in router.registry],
    ids=[prefix for prefix, _, _ in router.registry],
)
def test_every_api_viewset_reads_only_through_a_selector(prefix, viewset):
    assert issubclass(viewset, ScopedViewSet), (
        f"/api/v1/{prefix}/ is not a ScopedViewSet"
    )
    assert viewset.queryset is None, f"/api/v1/{prefix}/ has a class-level queryset"
    assert viewset.selector is not None or "get_queryset" in vars(viewset), (
        f"/api/v1/{prefix}/ must name its visible_* selector"
    )


def _audited_models() -> set[type[models.Model]]:
    """Models that some pghistory event model points at through `pgh_obj`."""
    tracked = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.name == "pgh_obj" and field.is_relation:
                tracked.add(field.related_model)
    return tracked


def untracked_models(candidates, *, allowed: dict[str, str]) -> list[str]:
    """Domain models that no event model tracks and that are not allowed to go untracked."""
    audited = _audited_models()
    return [
        model._meta.label
        for model in candidates
        if model._meta.app_label in DOMAIN_APPS
        and not issubclass(model, pghistory.models.Event)
        and model._meta.label not in allowed
        and model not in audited
    ]


def test_every_domain_model_is_tracked_by_the_audit_trail():
    missing = untracked_models(apps.get_models(), allowed=NOT_AUDITED)

    assert not missing, (
        f"Decorate these models with @bureau.audit.audited() (or add them to NOT_AUDITED "
        f"with a reason): {missing}"
    )


def test_an_untracked_model_is_reported():
    notification = apps.get_model("bureau", "Notification")
    village = apps.get_model("bureau", "Village")

    assert untracked_models([notification, village], allowed={}) == [
        "bureau.Notification"
    ]
