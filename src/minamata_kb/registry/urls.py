from django.urls import path

from minamata_kb.registry import views

app_name = "registry"
urlpatterns = [
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:iso3>/", views.country_detail, name="country_detail"),
    path("parties/", views.party_list, name="party_list"),
    path("parties/<str:code>/", views.party_detail, name="party_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<str:slug>/", views.organisation_detail, name="organisation_detail"),
]
