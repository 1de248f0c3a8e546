from django.urls import path

from incentives.views import applications, entitlements, payouts

app_name = "incentives"
urlpatterns = [
    path("", applications.application_list, name="application-list"),
    path("export/", applications.application_export, name="application-export"),
    path("candidates/", applications.candidate_list, name="candidate-list"),
    path("start/", applications.application_start, name="application-start"),
    path("notice/", applications.notice_print, name="notice-print"),
    path("<int:pk>/", applications.application_detail, name="application-detail"),
    path(
        "<int:pk>/attach/", applications.application_attach, name="application-attach"
    ),
    path(
        "<int:pk>/<slug:action>/",
        applications.application_action,
        name="application-action",
    ),
    path("entitlements/", entitlements.entitlement_list, name="entitlement-list"),
    path(
        "entitlements/<int:pk>/",
        entitlements.entitlement_detail,
        name="entitlement-detail",
    ),
    path(
        "entitlements/<int:pk>/account/",
        entitlements.account_record,
        name="account-record",
    ),
    path(
        "entitlements/<int:pk>/<slug:action>/",
        entitlements.entitlement_action,
        name="entitlement-action",
    ),
    path(
        "accounts/<int:pk>/reveal/", entitlements.account_reveal, name="account-reveal"
    ),
    path("changes/", entitlements.change_list, name="change-list"),
    path("changes/<int:pk>/decide/", entitlements.change_decide, name="change-decide"),
    path("payouts/", payouts.batch_list, name="batch-list"),
    path("payouts/new/", payouts.batch_create, name="batch-create"),
    path("payouts/<int:pk>/", payouts.batch_detail, name="batch-detail"),
    path("payouts/<int:pk>/file/", payouts.bank_file_download, name="bank-file"),
    path(
        "payouts/<int:pk>/file/progress/",
        payouts.bank_file_progress,
        name="bank-file-progress",
    ),
    path("payouts/<int:pk>/result/", payouts.batch_result_upload, name="batch-result"),
    path("payouts/<int:pk>/<slug:action>/", payouts.batch_action, name="batch-action"),
    path("flags/<int:pk>/resolve/", payouts.flag_resolve, name="flag-resolve"),
]
