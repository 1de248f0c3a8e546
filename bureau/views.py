"""Pages of the core: home, health, notifications, the refused-form page."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bureau import clocks, dashboard, scoping, selectors, services


@scoping.scoped
def home(request):
    """The landing page: what this user is responsible for, each figure linked to its list."""
    townships = scoping.visible_townships(request.user)
    counts = clocks.clock_counts_by_township(request.user).values()
    return render(
        request,
        "bureau/home.html",
        {
            "townships": townships[:20],
            "township_count": townships.count(),
            "clocks_overdue": sum(count["overdue"] for count in counts),
            "clocks_due_soon": sum(count["due_soon"] for count in counts),
            "figures": dashboard.figures_for(request.user),
        },
    )


@login_not_required
@scoping.public
def healthz(request) -> HttpResponse:
    """Database and broker status as JSON; 503 when either is down."""
    from bureau.celery import app as celery_app

    status = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        status["database"] = f"error: {type(error).__name__}"
    if celery_app.conf.task_always_eager:
        status["broker"] = "eager (no broker configured)"
    else:
        try:
            with celery_app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception as error:
            status["broker"] = f"error: {type(error).__name__}"
    healthy = all(not value.startswith("error") for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)


@scoping.scoped
def notification_list(request):
    """The user's own notifications; opening the page marks them read."""
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    response = render(request, "bureau/notification_list.html", {"page": page})
    services.mark_notifications_read(user=request.user, ids=[n.pk for n in page])
    return response


@require_POST
@scoping.scoped
def notification_read_all(request):
    services.mark_notifications_read(user=request.user)
    return redirect("notifications")


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the refused form explained in the product's layout, with a way back.

    The page the form came from (the Referer, when it is this site's) is offered to open
    the form again with a fresh token; the reason stays in the log, not on the page.
    """
    referer = request.headers.get("Referer", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return render(
        request,
        "403_csrf.html",
        {"form_page": referer if same_site else ""},
        status=403,
    )
