from django.urls import path

from bureau.imports import views as imports
from checkups.importing import KIND
from checkups.views import campaigns, couples, invitations, visits

app_name = "checkups"
ATTENDANCE = {"kind": KIND}  # the attendance import's pages (bureau.imports.views)
urlpatterns = [
    path("", campaigns.campaign_list, name="campaign-list"),
    path("new/", campaigns.campaign_create, name="campaign-create"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign-detail"),
    path(
        "<int:pk>/coverage/export/",
        campaigns.coverage_export,
        name="coverage-export",
    ),
    path("<int:pk>/invitations/", invitations.invitation_list, name="invitation-list"),
    path("<int:pk>/notices/", invitations.notice_print, name="notice-print"),
    path("<int:pk>/<slug:action>/", campaigns.campaign_action, name="campaign-action"),
    path(
        "invitations/<int:pk>/status/",
        invitations.invitation_status,
        name="invitation-status",
    ),
    path("invitations/<int:pk>/visit/", visits.visit_record, name="visit-record"),
    path("visits/", visits.visit_list, name="visit-list"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/verify/", visits.visit_verify, name="visit-verify"),
    path(
        "referrals/<int:pk>/outcome/",
        visits.referral_outcome,
        name="referral-outcome",
    ),
    path("couples/", couples.couple_list, name="couple-list"),
    path("couples/new/", couples.couple_create, name="couple-create"),
    path("couples/<int:pk>/", couples.couple_detail, name="couple-detail"),
    path("couples/<int:pk>/assess/", couples.couple_assess, name="couple-assess"),
    path("couples/<int:pk>/counsel/", couples.couple_counsel, name="couple-counsel"),
    path("follow-up/", couples.follow_up_list, name="follow-up-list"),
    path("imports/", imports.import_list, ATTENDANCE, name="import-list"),
    path("imports/new/", imports.import_upload, ATTENDANCE, name="import-upload"),
    path(
        "imports/template/",
        imports.import_template,
        ATTENDANCE,
        name="import-template",
    ),
    path("imports/<int:pk>/", imports.import_detail, ATTENDANCE, name="import-detail"),
    path(
        "imports/<int:pk>/progress/",
        imports.import_progress,
        ATTENDANCE,
        name="import-progress",
    ),
    path(
        "imports/<int:pk>/commit/",
        imports.import_commit,
        ATTENDANCE,
        name="import-commit",
    ),
    path(
        "imports/<int:pk>/report/",
        imports.import_report,
        ATTENDANCE,
        name="import-report",
    ),
    path(
        "imports/<int:pk>/retry/",
        imports.import_retry,
        ATTENDANCE,
        name="import-retry",
    ),
    path(
        "imports/<int:pk>/cancel/",
        imports.import_cancel,
        ATTENDANCE,
        name="import-cancel",
    ),
]
