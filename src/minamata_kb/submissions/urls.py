from django.urls import path

from minamata_kb.submissions import review_views, views

app_name = "submissions"
urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/submit/", views.submit, name="submit"),
    path("calls/<int:pk>/<str:action>/", views.call_action, name="call_action"),
    path("s/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("s/<int:pk>/original/", views.original, name="original"),
    path("s/<int:pk>/propose/", views.propose, name="propose"),
    path("s/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("review/", review_views.review, name="review"),
    path("review/decide/", review_views.review_bulk, name="review_bulk"),
    path("review/reopen/", review_views.review_reopen, name="review_reopen"),
    path("review/<int:pk>/edit/", review_views.review_edit, name="review_edit"),
    path("review/<int:pk>/take-back/", review_views.review_take_back, name="review_take_back"),
    path("statements/<int:pk>/review/", review_views.review_statement, name="review_statement"),
]
