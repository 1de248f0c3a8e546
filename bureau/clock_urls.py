from django.urls import path

from bureau import clock_views

app_name = "clocks"
urlpatterns = [
    path("", clock_views.clock_list, name="clock-list"),
]
