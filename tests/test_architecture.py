"""Structural rules that keep the township rule and the audit trail from being forgotten."""

import types
import uuid
from collections.abc import Iterator

import pghistory.models
import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    clear_url_caches,
    get_resolver,
    include,
    path,
    reverse,
)
from django.urls.resolvers import RoutePattern
from rest_framework import mixins, routers

from bureau.api.viewsets import ScopedViewSet
from bureau.roles import Role
from households.api.serializers import HouseholdSerializer
from households.models import Household
from tests import scope
from tests.bureau.factories import TownshipFactory, UserFactory, VillageFactory

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


# --- the scope probe --------------------------------------------------------------
#
# For every URL that takes one key, the probe builds each registered model's row in
# the user's township and in another one (tests/<app>/scope.py factories), then asks
# as township staff. A row of the user's township that answers differently from a
# key that does not exist shows which model the URL is about; the other township's
# row of that model must answer exactly like the missing key (404, never its page).

# URLs whose key is not a row of a township (each with the reason).
NOT_PROBED: dict[str, str] = {
    **{
        f"checkups:import-{page}": (
            "the core import pages with the attendance kind; a job is its uploader's "
            "own, and the same views are probed through households:import-*"
        )
        for page in ("detail", "progress", "commit", "report", "retry", "cancel")
    },
}
MISSING = {"int": 2_000_000_000, "str": "000000000000", "uuid": uuid.UUID(int=1)}


def keyed_routes(patterns) -> list[tuple[str, str, str, str]]:
    """(URL name, key kwarg, key converter, app) of every named route taking one key."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for _route, namespace, pattern in _walk(patterns):
        if not pattern.name or namespace.split(":")[0] == ADMIN_NAMESPACE:
            continue
        callback = pattern.callback
        module = (_view_class(callback) or callback).__module__
        if module in THIRD_PARTY_VIEW_MODULES:
            continue
        if isinstance(pattern.pattern, RoutePattern):
            keys = {
                name: type(converter).__name__.removesuffix("Converter").lower()
                for name, converter in pattern.pattern.converters.items()
            }
        else:
            keys = dict.fromkeys(pattern.pattern.regex.groupindex, "str")
        keys.pop("format", None)
        if len(keys) != 1:
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        ((key, converter),) = keys.items()
        found.setdefault(name, (name, key, converter, module.split(".")[0]))
    return sorted(found.values())


def _spread_sequences(labels) -> None:
    """Give each model's new ids their own range, so one key names one model's row."""
    with connection.cursor() as cursor:
        for index, label in enumerate(sorted(labels), start=1):
            model = apps.get_model(label)
            if isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [model._meta.db_table, model._meta.pk.column, index * 10_000_000],
                )


class Probe:
    """Rows of every registered model in two townships, and a way to ask for a URL."""

    def __init__(self, *, staff, village, other_village):
        self.factories = scope.discover()
        _spread_sequences(self.factories)
        other_staff = UserFactory.create(
            role=Role.STAFF, townships=[other_village.township]
        )
        self.own = {
            label: factory(village=village, user=staff)
            for label, factory in self.factories.items()
        }
        self.other = {
            label: factory(village=other_village, user=other_staff)
            for label, factory in self.factories.items()
        }
        self.client = Client()
        self.client.force_login(staff)

    def status(self, name: str, key: str, value) -> int | None:
        try:
            url = reverse(name, kwargs={key: value})
        except NoReverseMatch:
            return None
        answer = self.client.get(url, headers={"Accept-Language": "en"})
        if answer.status_code == 405:
            answer = self.client.post(url, headers={"Accept-Language": "en"})
        return answer.status_code

    def leaks(self, name: str, key: str, converter: str, app: str) -> list[str]:
        """Problems of one URL: a leak, or no registered model it can be probed with."""
        missing = self.status(name, key, MISSING.get(converter, MISSING["str"]))
        probed = [
            label
            for label, row in self.own.items()
            if self.status(name, key, row.pk) not in (None, missing)
        ]
        if not probed:
            if missing == 403:
                return []  # township staff may not use this URL at all
            return [
                f"{name}: no registered row answers it, so it cannot be probed. "
                f"Register a factory for the model its <{key}> names in "
                f"tests/{app}/scope.py with @scope_factory('app_label.Model') (see "
                "tests/scope.py), or add the URL to NOT_PROBED with a reason."
            ]
        return [
            f"{name}: another township's {label} answers "
            f"{self.status(name, key, self.other[label].pk)}, a missing key {missing}"
            for label in probed
            if self.status(name, key, self.other[label].pk) != missing
        ]


@pytest.fixture(scope="module")
def _module_probe(django_db_setup, django_db_blocker):
    """The probe's rows, built once for every route: they live in a transaction that
    is rolled back after the module (each test still runs in a savepoint of its own)."""
    with django_db_blocker.unblock(), transaction.atomic():
        village = VillageFactory.create()
        other_village = VillageFactory.create(township=TownshipFactory.create())
        staff = UserFactory.create(role=Role.STAFF, townships=[village.township])
        yield Probe(staff=staff, village=village, other_village=other_village)
        transaction.set_rollback(True)


@pytest.fixture
def probe(_module_probe, db):
    return _module_probe


ROUTES = keyed_routes(get_resolver().url_patterns)


@pytest.mark.parametrize("route", ROUTES, ids=[route[0] for route in ROUTES])
def test_another_townships_row_answers_like_a_missing_one(probe, route):
    if route[0] in NOT_PROBED:
        pytest.skip(NOT_PROBED[route[0]])

    assert probe.leaks(*route) == []


class _EveryHouseholdViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    """A viewset whose selector forgets the township rule."""

    serializer_class = HouseholdSerializer
    selector = staticmethod(lambda user: Household.objects.all())


def _probe_viewset(probe, settings, viewset) -> tuple[list, list[str]]:
    """The keyed routes of `viewset` alone under /api/, and what the probe says of them."""
    broken = routers.SimpleRouter()
    broken.register("everything", viewset, basename="everything")
    urlconf = types.ModuleType("broken_urls")
    urlconf.urlpatterns = [path("api/", include((broken.urls, "broken")))]
    settings.ROOT_URLCONF = urlconf
    clear_url_caches()
    try:
        routes = keyed_routes(urlconf.urlpatterns)
        return routes, [leak for route in routes for leak in probe.leaks(*route)]
    finally:
        clear_url_caches()


def test_the_probe_reports_a_viewset_whose_selector_shows_every_township(
    probe, settings
):
    routes, leaks = _probe_viewset(probe, settings, _EveryHouseholdViewSet)

    assert routes == [("broken:everything-detail", "pk", "str", "tests")]
    assert leaks == [
        "broken:everything-detail: another township's households.Household "
        "answers 200, a missing key 404"
    ]


@pytest.mark.parametrize(
    "name", ["HouseholdViewSet", "PersonViewSet", "MigrantRecordViewSet"]
)
def test_the_probe_reports_a_real_viewset_whose_selector_is_replaced(
    probe, settings, name
):
    from households.api import views

    model = apps.get_model("households", name.removesuffix("ViewSet"))
    replaced = type(
        f"Every{model.__name__}",
        (getattr(views, name),),
        {"selector": staticmethod(lambda user: model.objects.all())},
    )

    _routes, leaks = _probe_viewset(probe, settings, replaced)

    assert [leak for leak in leaks if "-detail:" in leak] == [
        f"broken:everything-detail: another township's {model._meta.label} "
        "answers 200, a missing key 404"
    ]


def test_the_probe_asks_for_a_factory_when_no_row_answers(probe, settings):
    def detail(request, pk):
        return HttpResponse(status=200 if pk == 1 else 404)

    urlconf = types.ModuleType("unknown_urls")
    urlconf.urlpatterns = [path("things/<int:pk>/", detail, name="thing-detail")]
    settings.ROOT_URLCONF = urlconf
    clear_url_caches()

    try:
        leaks = probe.leaks("thing-detail", "pk", "int", "tests")
    finally:
        clear_url_caches()

    assert len(leaks) == 1
    assert "Register a factory" in leaks[0]


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
