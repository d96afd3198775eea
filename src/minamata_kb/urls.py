"""Root URL configuration: each app's pages under /<app>/, the API under /api/v1/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from minamata_kb.api import views as api_views
from minamata_kb.api.routes import api
from minamata_kb.core.extensions import app_modules
from minamata_kb.open_data.feeds import PartyFeed
from minamata_kb.open_data.sitemaps import SITEMAPS
from minamata_kb.site import views as site_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Any other address under /api/ (a path parameter of the wrong shape, a typo): the envelope.
    re_path(r"^api/(?P<rest>.*)$", api_views.not_found),
    # A party's Atom feed gathers every collecting app's records (open_data/feeds.py); served
    # under the registry's party address, before the registry's own pages.
    path("registry/parties/<str:code>/feed/", PartyFeed(), name="party_feed"),
    # Every published record's page, for search engines (open_data/sitemaps.py).
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("healthz", site_views.healthz, name="healthz"),
    path("readyz", site_views.readyz, name="readyz"),
    # Every app with a urls.py is served under /<app-with-dashes>/.
    *[path(f"{m.app_name.replace('_', '-')}/", include(m.__name__)) for m in app_modules("urls")],
]
