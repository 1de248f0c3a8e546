"""Working-day clocks on the review levels of an application (bureau.clocks)."""

from datetime import date

from django.utils.translation import gettext as _

from bureau import clocks
from bureau.models import DeadlineClock
from bureau.roles import Role
from incentives.models import Application

# Statuses that wait for a review (the next level's clock runs).
WAITING = (
    Application.Status.SUBMITTED,
    Application.Status.VILLAGE_REVIEWED,
    Application.Status.TOWNSHIP_REVIEWED,
)


def restart_clock(application: Application, *, by, today) -> date | None:
    """Meet the clock of the step just done; start one for the next review, if any.

    Each review level has `scheme.review_days` working days; the clock warns the
    township three working days before and escalates to the bureau after.
    """
    for clock in clocks.clocks_for(application).filter(state__in=clocks.OPEN_STATES):
        clocks.meet_clock(clock=clock, by=by, on=today)
    if application.status not in WAITING:
        return None
    days = application.scheme.review_days
    clock = clocks.start_clock(
        subject=application,
        township=application.village.township,
        kind=f"benefit-review-{application.version}",
        label=_("Review of %(scheme)s: %(status)s")
        % {
            "scheme": application.scheme.name,
            "status": application.get_status_display(),
        },
        days=days,
        unit=DeadlineClock.Unit.WORKING,
        by=by,
        started_on=today,
        warn_before=min(3, days - 1),
        warn_role=Role.STAFF,
        escalate_role=Role.CHIEF,
    )
    return clock.due_on
