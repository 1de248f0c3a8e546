from django.urls import path

from bureau import audit_views

app_name = "audit"
urlpatterns = [
    path("", audit_views.change_events, name="changes"),
    path("access/", audit_views.access_events, name="access"),
    path("access/export/", audit_views.access_events_export, name="access-export"),
]
