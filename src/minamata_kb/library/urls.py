from django.urls import path

from minamata_kb.library import views
from minamata_kb.library.feeds import NewResourcesFeed

app_name = "library"
urlpatterns = [
    path("", views.resource_list, name="resource_list"),
    path("new/", views.resource_edit, name="resource_new"),
    path("feed/", NewResourcesFeed(), name="feed"),
    path("r/<str:ext_id>/", views.resource_detail, name="resource_detail"),
    path("r/<str:ext_id>/edit/", views.resource_edit, name="resource_edit"),
    path("r/<str:ext_id>/upload/", views.resource_upload, name="resource_upload"),
    path("r/<str:ext_id>/publish/", views.resource_publish, name="resource_publish"),
]
