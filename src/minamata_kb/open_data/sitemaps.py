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


class ResourceSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return visible_resources(ANON).filter(published=True).order_by("external_id")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class ActivitySitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return Activity.objects.filter(visibility_filter(ANON)).order_by("code")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class EventSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return events(ANON).order_by("code")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class PartySitemap(Sitemap):
    changefreq = "yearly"

    def items(self) -> Any:
        return Party.objects.order_by("code")

    def location(self, item: Any) -> str:
        return reverse("registry:party_detail", args=[item.code])


class OrganisationSitemap(Sitemap):
    changefreq = "yearly"

    def items(self) -> Any:
        return Organisation.objects.order_by("slug")

    def location(self, item: Any) -> str:
        return reverse("registry:organisation_detail", args=[item.slug])


SITEMAPS = {
    "resources": ResourceSitemap,
    "activities": ActivitySitemap,
    "events": EventSitemap,
    "parties": PartySitemap,
    "organisations": OrganisationSitemap,
}
