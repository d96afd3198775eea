from django.urls import path

from minamata_kb.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("<int:pk>/download/", views.download, name="download"),
]
