"""Invitations of a campaign per village, status changes, and the printed notices."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau import printing, scoping
from bureau.views_base import one_or_404, paginate, visible_or_404
from checkups import selectors, services
from checkups.filters import InvitationFilter
from checkups.forms import InvitationStatusForm
from checkups.views._common import query_without_page, run_service


def _village(request):
    """The village asked for (?village=<code>) among those the user serves, or None."""
    code = request.GET.get("village", "")
    if not code:
        return None
    return one_or_404(scoping.visible_villages(request.user), code=code)


def _invitations(request, campaign, village):
    rows = selectors.visible_invitations(request.user).filter(campaign=campaign)
    if village is not None:
        rows = rows.filter(village=village)
    return rows.select_related(
        "person", "household", "village", "couple__woman", "couple__man"
    )


@permission_required("checkups.view_invitation", raise_exception=True)
@scoping.scoped
def invitation_list(request, pk: int):
    """The campaign's invitations in one village (or all the user serves), by household."""
    campaign = visible_or_404(selectors.visible_campaigns, request.user, pk=pk)
    village = _village(request)
    filterset = InvitationFilter(
        request.GET or None, queryset=_invitations(request, campaign, village)
    )
    rows = filterset.qs if filterset.is_bound else filterset.queryset
    page = paginate(request, rows.order_by("village__code", "household__number", "pk"))
    return render(
        request,
        "checkups/invitation_list.html",
        {
            "campaign": campaign,
            "village": village,
            "villages": campaign_villages(request, campaign),
            "form": filterset.form,
            "page": page,
            "query": query_without_page(request),
            "status_form": InvitationStatusForm(),
            "can_change": request.user.has_perm("checkups.change_invitation"),
            "can_record": request.user.has_perm("checkups.add_visit"),
        },
    )


def campaign_villages(request, campaign):
    """The villages of the campaign's townships that the user serves."""
    return (
        scoping.visible_villages(request.user)
        .filter(township__in=campaign.townships.all())
        .order_by("code")
    )


@require_POST
@permission_required("checkups.change_invitation", raise_exception=True)
@scoping.scoped
def invitation_status(request, pk: int):
    """Mark an invitation reminded, declined, unreachable or moved away."""
    invitation = visible_or_404(
        selectors.visible_invitations, request.user, pk=pk, related=("village",)
    )
    back = (
        reverse("checkups:invitation-list", args=[invitation.campaign_id])
        + f"?village={invitation.village.code}"
    )
    form = InvitationStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the new status."))
        return redirect(back)
    data = form.cleaned_data
    done = run_service(
        request,
        lambda: services.set_invitation_status(
            by=request.user,
            invitation=invitation,
            status=data["status"],
            note=data["note"],
            expected_version=data["version"],
        ),
    )
    if done:
        messages.success(request, _("Status changed."))
    return redirect(back)


def _notice(campaign, household, invitations, serial: str):
    return printing.PrintDocument(
        template="print/checkups/notice.html",
        title=_("Notice of a free health check-up"),
        number=printing.document_number("查体通知", campaign.year, serial),
        context={
            "campaign": campaign,
            "household": household,
            "invitations": invitations,
            "sites": list(campaign.sites.all()),
        },
    )


@permission_required("checkups.view_invitation", raise_exception=True)
@scoping.scoped
def notice_print(request, pk: int):
    """查体通知单: one notice per household of the village, all in one print job."""
    campaign = visible_or_404(selectors.visible_campaigns, request.user, pk=pk)
    village = _village(request)
    back = reverse("checkups:invitation-list", args=[pk])
    if village is None:
        messages.error(request, _("Choose the village whose notices to print."))
        return redirect(back)
    rows = (
        _invitations(request, campaign, village)
        .exclude(household__isnull=True)
        .order_by("household__number", "household_id", "pk")
    )
    documents = [
        _notice(campaign, household, list(members), f"{village.code[-6:]}-{serial:03d}")
        for serial, (household, members) in enumerate(
            groupby(rows, key=lambda row: row.household), start=1
        )
    ]
    return printing.print_response(
        request,
        documents,
        title=_("Check-up notices: %(village)s") % {"village": village.name},
        back_url=f"{back}?village={village.code}",
    )
