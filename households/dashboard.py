"""The register's figures on the dashboard: what waits for this user, each linked to its list."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.dashboard import Figure, register_figures
from households import selectors


def _url(name: str, query: str = "") -> str:
    return reverse(f"households:{name}") + (f"?{query}" if query else "")


def _register(user) -> list[Figure]:
    if not user.has_perm("households.view_person"):
        return []
    return [
        Figure(
            "residents",
            _("Residents"),
            selectors.resident_count(user),
            _url("person-search"),
            _("living, resident or moved in"),
        ),
        Figure(
            "households",
            _("Households"),
            selectors.household_count(user),
            _url("household-list"),
            _("not dissolved"),
        ),
    ]


def _waiting(user) -> list[Figure]:
    figures = []
    if user.has_perm("households.approve_correction"):
        count = selectors.corrections_waiting_for(user).count()
        figures.append(
            Figure(
                "corrections-waiting",
                _("Corrections waiting for you"),
                count,
                _url("correction-list", "waiting=me"),
                _("raised by a colleague; you approve or reject"),
                waiting=bool(count),
            )
        )
    if user.has_perm("households.view_reconciliationitem"):
        count = selectors.open_reconciliation_items(user).count()
        figures.append(
            Figure(
                "reconciliation-open",
                _("Reconciliation items waiting"),
                count,
                _url("reconciliation-list", "status=open"),
                _("hospital and police records to compare"),
                waiting=bool(count),
            )
        )
    return figures


def _quality(user) -> list[Figure]:
    if not user.has_perm("households.view_dataqualityissue"):
        return []
    run = selectors.last_quality_run()
    if run is None:
        when, note = "—", _("not run yet; runs nightly at 02:00")
    else:
        when = timezone.localtime(run.finished_at).strftime("%Y-%m-%d %H:%M")
        note = run.get_status_display()
    count = selectors.open_quality_issues(user).count()
    return [
        Figure(
            "quality-open",
            _("Open data-quality findings"),
            count,
            _url("quality-list", "status=open"),
            _("found by the nightly checks"),
            waiting=bool(count),
        ),
        Figure(
            "quality-last-run",
            _("Last data-quality run"),
            when,
            _url("quality-list"),
            note,
        ),
    ]


def figures(user) -> list[Figure]:
    return [*_register(user), *_waiting(user), *_quality(user)]


register_figures("households", figures, order=10)
