"""Campaign pages: list, new, the campaign with its coverage, open and close, export."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from bureau import exports, scoping
from bureau.charts import chart
from bureau.views_base import paginate, visible_or_404
from checkups import selectors, services
from checkups.filters import CampaignFilter
from checkups.forms import CampaignForm
from checkups.views._common import query_without_page, run_service

LEVELS = ("village", "township")


def _campaign(request, pk: int):
    return visible_or_404(selectors.visible_campaigns, request.user, pk=pk)


@permission_required("checkups.view_campaign", raise_exception=True)
@scoping.scoped
def campaign_list(request):
    """Campaigns of the user's townships, newest first, filtered by kind, year, status."""
    filterset = CampaignFilter(
        request.GET or None, queryset=selectors.visible_campaigns(request.user)
    )
    rows = filterset.qs if filterset.is_bound else filterset.queryset
    page = paginate(request, rows.order_by("-year", "-quarter", "-pk"))
    return render(
        request,
        "checkups/campaign_list.html",
        {"form": filterset.form, "page": page, "query": query_without_page(request)},
    )


@require_http_methods(["GET", "POST"])
@permission_required("checkups.add_campaign", raise_exception=True)
@scoping.scoped
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = run_service(
            request,
            lambda: services.create_campaign(by=request.user, **form.cleaned_data),
        )
        if campaign:
            messages.success(request, _("Campaign planned."))
            return redirect("checkups:campaign-detail", pk=campaign.pk)
    return render(request, "checkups/campaign_form.html", {"form": form})


def coverage_chart(rows, *, title: str):
    """Coverage in percent per row (villages or townships), or None without rows."""
    if not rows:
        return None
    return chart(
        kind="bar",
        title=title,
        categories=[row.name for row in rows],
        series={_("Coverage"): [row.percent for row in rows]},
        unit="%",
    )


@permission_required("checkups.view_campaign", raise_exception=True)
@scoping.scoped
def campaign_detail(request, pk: int):
    """The campaign, its coverage per township and village (chart and table), actions."""
    campaign = _campaign(request, pk)
    coverage = selectors.coverage_levels(request.user, campaign)
    townships, villages = coverage.townships, coverage.villages
    return render(
        request,
        "checkups/campaign_detail.html",
        {
            "campaign": campaign,
            "total": coverage.total,
            "high_risk": selectors.high_risk_rate(request.user, campaign),
            "counselling": selectors.counselling_rate(request.user, campaign),
            "referrals": selectors.referral_completion(request.user, campaign),
            "townships": townships,
            "villages": villages,
            "chart": coverage_chart(
                townships if len(townships) > 1 else villages,
                title=_("Coverage of %(campaign)s") % {"campaign": campaign},
            ),
            "sites": campaign.sites.all(),
            "can_open": campaign.status != campaign.Status.CLOSED
            and services.may_run_campaign(request.user, campaign),
            "can_close": services.may_close_campaign(request.user, campaign),
        },
    )


ACTIONS = {
    "open": (
        lambda by, campaign: services.open_campaign(by=by, campaign=campaign),
        gettext_lazy("Campaign opened: %(count)s invitations added."),
    ),
    "close": (
        lambda by, campaign: services.close_campaign(by=by, campaign=campaign),
        gettext_lazy("Campaign closed."),
    ),
}


@require_POST
@permission_required("checkups.run_campaign", raise_exception=True)
@scoping.scoped
def campaign_action(request, pk: int, action: str):
    """Open the campaign (generates its invitations; again adds only new joiners) or close it."""
    campaign = _campaign(request, pk)
    if action not in ACTIONS:
        raise Http404
    service, done = ACTIONS[action]
    result = run_service(request, lambda: service(request.user, campaign))
    if result is not None:
        count = result if isinstance(result, int) and result is not True else 0
        messages.success(request, done % {"count": count})
    return redirect("checkups:campaign-detail", pk=pk)


COVERAGE_HEADERS = ("区域", "应检人数", "已检人数", "拒检人数", "迁出人数", "覆盖率(%)")


def _coverage_line(name, row):
    return (
        name,
        row.invited,
        row.attended,
        row.declined,
        row.moved_away,
        row.percent,
    )


@permission_required("checkups.view_campaign", raise_exception=True)
@scoping.scoped
def coverage_export(request, pk: int):
    """The coverage table (per village or township, plus the district) as XLSX or CSV."""
    campaign = _campaign(request, pk)
    level = request.GET.get("level", "village")
    if level not in LEVELS:
        level = "village"
    try:
        options = exports.read_options(request.GET, user=request.user)
    except exports.ExportError as exc:
        messages.error(request, exc.message)
        return redirect("checkups:campaign-detail", pk=pk)
    coverage = selectors.coverage_levels(request.user, campaign)
    lines = coverage.villages if level == "village" else coverage.townships
    rows = [(row.name, row) for row in lines]
    rows.append((_("Total"), coverage.total))
    return exports.export_response(
        request=request,
        user=request.user,
        rows=(_coverage_line(name, row) for name, row in rows),
        headers=COVERAGE_HEADERS,
        options=options,
        subject="checkups.campaign",
        filters={"campaign": campaign.pk, "level": level},
        basename="查体覆盖率",
    )
