from django.urls import path

from bureau import attachment_views

app_name = "attachments"
urlpatterns = [
    path(
        "<int:pk>/download/",
        attachment_views.attachment_download,
        name="download",
    ),
]
