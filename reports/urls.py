from django.urls import path

from reports.views import directives, ranking, statistics

app_name = "reports"

urlpatterns = [
    path("", ranking.ranking, name="ranking"),
    path("export/", ranking.ranking_export, name="ranking-export"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/export/", statistics.statistics_export, name="statistics-export"),
    path("townships/<str:code>/", ranking.township_detail, name="township-detail"),
    path("scores/<int:pk>/", ranking.score_detail, name="score-detail"),
    path("scores/<int:pk>/records/", ranking.score_records, name="score-records"),
    path("directives/", directives.directive_list, name="directive-list"),
    path("directives/new/", directives.directive_create, name="directive-create"),
    path("directives/<int:pk>/", directives.directive_detail, name="directive-detail"),
    path(
        "directives/<int:pk>/issue/", directives.directive_issue, name="directive-issue"
    ),
    path(
        "directives/<int:pk>/publish/",
        directives.directive_publish,
        name="directive-publish",
    ),
    path(
        "directives/<int:pk>/revise/",
        directives.directive_revise,
        name="directive-revise",
    ),
    path("receipts/", directives.receipt_list, name="receipt-list"),
    path("receipts/<int:pk>/", directives.receipt_detail, name="receipt-detail"),
    path("receipts/<int:pk>/sign/", directives.receipt_sign, name="receipt-sign"),
    path("ledger/", directives.ledger, name="ledger"),
    path("ledger/<int:pk>/", directives.ledger_entry, name="ledger-entry"),
    path("yellow-cards/", directives.yellowcard_list, name="yellowcard-list"),
    path(
        "yellow-cards/<int:pk>/plan/",
        directives.yellowcard_plan,
        name="yellowcard-plan",
    ),
    path(
        "yellow-cards/<int:pk>/decide/",
        directives.yellowcard_decide,
        name="yellowcard-decide",
    ),
]
