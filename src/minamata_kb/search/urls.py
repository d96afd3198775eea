from django.urls import path

from minamata_kb.search import views
from minamata_kb.search.feeds import SearchFeed

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("go/<int:log_id>/<str:ext_id>/", views.click, name="click"),
    path("demand/", views.demand, name="demand"),
    path("feed/", SearchFeed(), name="feed"),
]
