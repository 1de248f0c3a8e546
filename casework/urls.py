from django.urls import path

from casework.views import cases, documents, ledger, moves, overdue, statistics

app_name = "casework"

urlpatterns = [
    path("", cases.case_list, name="case-list"),
    path("new/", cases.case_register, name="case-register"),
    path("overdue/", overdue.overdue_list, name="overdue"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/export/", statistics.statistics_export, name="statistics-export"),
    path("townships/<str:code>/", overdue.township_cases, name="township"),
    path("<int:pk>/", cases.case_detail, name="case-detail"),
    path("<int:pk>/move/", moves.case_move, name="case-move"),
    path("<int:pk>/handlers/", moves.case_handlers, name="case-handlers"),
    path("<int:pk>/note/", moves.case_note, name="case-note"),
    path("<int:pk>/attach/", moves.case_attach, name="case-attach"),
    path("<int:pk>/reporter/", moves.reporter_reveal, name="reporter-reveal"),
    path("<int:pk>/print/", documents.case_print, name="case-print"),
    path("<int:pk>/extension/", ledger.extension_request, name="extension-request"),
    path("<int:pk>/parties/", ledger.party_add, name="party-add"),
    path("<int:pk>/decision/", ledger.decision_record, name="decision-record"),
    path("<int:pk>/service/", ledger.service_record, name="service-record"),
    path("<int:pk>/items/", ledger.item_register, name="item-register"),
    path("<int:pk>/reward/", ledger.reward_record, name="reward-record"),
    path("penalties/<int:pk>/payment/", ledger.payment_record, name="payment-record"),
    path("items/<int:pk>/dispose/", ledger.item_dispose, name="item-dispose"),
]
