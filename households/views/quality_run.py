"""Running the data-quality checks now, from the data-quality page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau import scoping
from households import selectors
from households.services import quality


def run_context(user) -> dict:
    """What the data-quality page says about the runs: the last one, one under way."""
    return {
        "last_run": selectors.last_quality_run(),
        "pending_run": quality.pending_run(),
        "may_run_checks": quality.may_run_quality_checks(user),
    }


@require_POST
@permission_required(quality.RUN_PERMISSION, raise_exception=True)
@scoping.scoped
def quality_run(request):
    """Queue the nightly checks now (one run at a time); back to the list."""
    run, queued = quality.request_quality_run(by=request.user)
    if queued:
        messages.success(
            request,
            _(
                "The data-quality checks were started. Reload this page in a minute "
                "to see what they found."
            ),
        )
    else:
        messages.info(
            request,
            _("The checks are already under way (asked for at %(time)s).")
            % {"time": timezone.localtime(run.requested_at).strftime("%H:%M")},
        )
    return redirect("households:quality-list")
