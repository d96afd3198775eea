from django.urls import path

from minamata_kb.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_edit, name="activity_new"),
    path("export/", views.activity_export, name="activity_export"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_edit, name="event_new"),
    path("events/<slug:code>/", views.event_detail, name="event_detail"),
    path("events/<slug:code>/edit/", views.event_edit, name="event_edit"),
    path("work-programme/", views.work_programme, name="work_programme"),
    path("work-programme/link/", views.work_programme_link, name="work_programme_link"),
    path("<slug:code>/", views.activity_detail, name="activity_detail"),
    path("<slug:code>/edit/", views.activity_edit, name="activity_edit"),
]
