from django.urls import path

from minamata_kb.national_reports import analysis_views, views

app_name = "national_reports"
urlpatterns: list = [
    path("", views.index, name="index"),
    path("format/", views.format_view, name="format"),
    path("dashboard/", analysis_views.dashboard, name="dashboard"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/upload/", views.report_upload, name="report_upload"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("start/<slug:cycle>/", views.report_start, name="report_start"),
    path("template/<slug:cycle>.<str:fmt>", views.offline_template, name="template"),
    path(
        "analysis/<slug:cycle>.<str:fmt>",
        analysis_views.analysis_document,
        name="analysis_document",
    ),
]
