from django.urls import path, re_path

from minamata_kb.open_data import views

app_name = "open_data"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalog.jsonld", views.catalog, name="catalog"),
    re_path(r"^(?P<collection>[a-z-]+)\.(?P<fmt>csv|json|jsonl)$", views.dump, name="dump"),
]
