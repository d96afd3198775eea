"""/sitemap.xml: every published page of a record (resources, activities, events, parties,
organisations), never a draft: each section reads what an anonymous visitor may see."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from minamata_kb.activities.models import Activity
from minamata_kb.activities.selectors import events, visibility_filter
from minamata_kb.open_data.collections import ANON
from minamata_kb.registry.models import Organisation, Party
from minamata_kb.search.services import visible_resources


class _EditedSitemap(Sitemap):
    """Records edited as work goes on: dated by their last change."""

    changefreq = "monthly"

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class ResourceSitemap(_EditedSitemap):
    def items(self) -> Any:
        return visible_resources(ANON).filter(published=True).order_by("external_id")


class ActivitySitemap(_EditedSitemap):
    def items(self) -> Any:
        return Activity.objects.filter(visibility_filter(ANON)).order_by("code")


class EventSitemap(_EditedSitemap):
    def items(self) -> Any:
        return events(ANON).order_by("code")


class _RegistrySitemap(Sitemap):
    """Every row of a registry table (all public), in the order of its key, each at the page
    its key names."""

    changefreq = "yearly"
    model: Any = None
    key = ""
    url_name = ""

    def items(self) -> Any:
        return self.model.objects.order_by(self.key)

    def location(self, item: Any) -> str:
        return reverse(self.url_name, args=[getattr(item, self.key)])


class PartySitemap(_RegistrySitemap):
    model = Party
    key = "code"
    url_name = "registry:party_detail"


class OrganisationSitemap(_RegistrySitemap):
    model = Organisation
    key = "slug"
    url_name = "registry:organisation_detail"


SITEMAPS = {
    "resources": ResourceSitemap,
    "activities": ActivitySitemap,
    "events": EventSitemap,
    "parties": PartySitemap,
    "organisations": OrganisationSitemap,
}
