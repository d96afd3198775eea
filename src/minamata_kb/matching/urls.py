from django.urls import path

from minamata_kb.matching import catalogue_views, views

app_name = "matching"
urlpatterns = [
    path("", views.need_list, name="need_list"),
    path("needs/new/", views.need_new, name="need_new"),
    path("needs/from-sources/", views.needs_from_sources, name="needs_from_sources"),
    path("needs/match/", views.needs_match, name="needs_match"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/refresh/", views.need_refresh, name="need_refresh"),
    path("matches/<int:pk>/decide/", views.match_decide, name="match_decide"),
    path("needs/<int:pk>/offer/", views.need_offer, name="need_offer"),
    path("matches/<int:pk>/party-decide/", views.match_party_decide, name="match_party_decide"),
    path("offers/", views.offer_list, name="offer_list"),
    path("gaps/", views.gap_page, name="gaps"),
    path("gaps.csv", views.gap_csv, name="gaps_csv"),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/decide/", views.duplicate_decide, name="duplicate_decide"),
    path("technologies/", views.technology_list, name="technology_list"),
    path("technologies/new/", catalogue_views.technology_edit, name="technology_new"),
    path("technologies/<slug:slug>/", views.technology_detail, name="technology_detail"),
    path("technologies/<slug:slug>/edit/", catalogue_views.technology_edit, name="technology_edit"),
]
