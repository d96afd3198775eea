from django.urls import path

from minamata_kb.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.change_list, name="change_list"),
    path("<str:label>/<str:object_id>/", views.record_history, name="record_history"),
    path("<str:label>/<str:object_id>/restore/", views.restore, name="restore"),
]
