"""Root URLconf: one include per app, the API, admin, auth and health."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from bureau import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/read-all/",
        views.notification_read_all,
        name="notifications-read-all",
    ),
    path("account/", include("bureau.security.urls")),
    path("audit/", include("bureau.audit_urls")),
    path("deadlines/", include("bureau.clock_urls")),
    path("attachments/", include("bureau.attachment_urls")),
    path("exports/", include("bureau.export_urls")),
    path("households/", include("households.urls")),
    path("benefits/", include("incentives.urls")),
    path("cases/", include("casework.urls")),
    path("checkups/", include("checkups.urls")),
    path("reports/", include("reports.urls")),
    path("api/v1/", include("bureau.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        # The split view serves its script as a file, so the page needs no inline script.
        # A browser that is not logged in is sent to the login page, not answered 403.
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]
handler404 = "bureau.api.errors.not_found"
