from django.urls import path

from bureau.imports import views as imports
from households import views
from households.importing import KIND
from households.views import consent, family, quality, quality_run, reconciliation
from households.views.exports import person_export
from households.views.persons import county_lookup

app_name = "households"
REGISTER = {"kind": KIND}  # the register's import pages (bureau.imports.views)
urlpatterns = [
    path(
        "reconciliation/",
        reconciliation.reconciliation_list,
        name="reconciliation-list",
    ),
    path("reconciliation/upload/", reconciliation.source_upload, name="source-upload"),
    path(
        "reconciliation/<int:pk>/",
        reconciliation.reconciliation_detail,
        name="reconciliation-detail",
    ),
    path(
        "reconciliation/<int:pk>/resolve/",
        reconciliation.reconciliation_resolve,
        name="reconciliation-resolve",
    ),
    path(
        "reconciliation/<int:pk>/assign/",
        reconciliation.reconciliation_assign,
        name="reconciliation-assign",
    ),
    path(
        "reconciliation/<int:pk>/place/",
        reconciliation.reconciliation_place,
        name="reconciliation-place",
    ),
    path("quality/", quality.quality_list, name="quality-list"),
    path("quality/run/", quality_run.quality_run, name="quality-run"),
    path("persons/", views.person_search, name="person-search"),
    path("persons/export/", person_export, name="person-export"),
    path("imports/", imports.import_list, REGISTER, name="import-list"),
    path("imports/new/", imports.import_upload, REGISTER, name="import-upload"),
    path(
        "imports/template/", imports.import_template, REGISTER, name="import-template"
    ),
    path("imports/<int:pk>/", imports.import_detail, REGISTER, name="import-detail"),
    path(
        "imports/<int:pk>/progress/",
        imports.import_progress,
        REGISTER,
        name="import-progress",
    ),
    path(
        "imports/<int:pk>/commit/",
        imports.import_commit,
        REGISTER,
        name="import-commit",
    ),
    path(
        "imports/<int:pk>/report/",
        imports.import_report,
        REGISTER,
        name="import-report",
    ),
    path(
        "imports/<int:pk>/retry/", imports.import_retry, REGISTER, name="import-retry"
    ),
    path(
        "imports/<int:pk>/cancel/",
        imports.import_cancel,
        REGISTER,
        name="import-cancel",
    ),
    path("persons/<int:pk>/", views.person_detail, name="person-detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("persons/<int:pk>/consents/", consent.consent_list, name="consent-list"),
    path(
        "consents/<int:pk>/withdraw/",
        consent.consent_withdraw,
        name="consent-withdraw",
    ),
    path("consents/print/", consent.consent_print, name="consent-print"),
    path(
        "persons/<int:pk>/reveal-id/", views.person_reveal_id, name="person-reveal-id"
    ),
    path("persons/<int:pk>/death/", views.person_death, name="person-death"),
    path(
        "persons/<int:pk>/move-away/", views.person_move_away, name="person-move-away"
    ),
    path("persons/<int:pk>/move-in/", views.person_move_in, name="person-move-in"),
    path(
        "persons/<int:pk>/move-household/",
        views.person_move_household,
        name="person-move-household",
    ),
    path(
        "persons/<int:pk>/corrections/new/",
        views.correction_create,
        name="correction-create",
    ),
    path("list/", views.household_list, name="household-list"),
    path("new/", views.household_create, name="household-create"),
    path("family/new/", family.family_create, name="family-create"),
    path("counties/", county_lookup, name="county-lookup"),
    path("<int:pk>/", views.household_detail, name="household-detail"),
    path("<int:pk>/edit/", views.household_edit, name="household-edit"),
    path("<int:household_pk>/persons/new/", views.person_create, name="person-create"),
    path("corrections/", views.correction_list, name="correction-list"),
    path("corrections/<int:pk>/", views.correction_detail, name="correction-detail"),
    path(
        "corrections/<int:pk>/decide/",
        views.correction_decide,
        name="correction-decide",
    ),
]
