from django.urls import path

from minamata_kb.documents import meeting_views, views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("<int:pk>/download/", views.download, name="download"),
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<int:pk>/documents/<int:doc>/",
        meeting_views.document_edit,
        name="meeting_document_edit",
    ),
]
