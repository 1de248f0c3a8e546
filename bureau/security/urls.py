from django.urls import path

from bureau.security import views

app_name = "security"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("password/", views.password_change, name="password-change"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("token/", views.api_token, name="api-token"),
    path("sessions/<int:pk>/end/", views.session_end, name="session-end"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<int:pk>/reset/", views.account_reset, name="account-reset"),
    path(
        "accounts/<int:pk>/end-sessions/",
        views.account_end_sessions,
        name="account-end-sessions",
    ),
]
