from django.urls import path

from minamata_kb.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_new, name="request_new"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/transition/", views.request_transition, name="request_transition"),
    path("<int:pk>/publish/", views.request_publish, name="request_publish"),
    path("<int:pk>/feedback/", views.request_feedback, name="request_feedback"),
    path("<int:pk>/attachments/<int:att>/", views.attachment, name="attachment"),
]
