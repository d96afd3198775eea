"""Atom feeds of resources: what every resource feed shows of an entry, and the feed of newly
published resources (PRODUCT C15)."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from minamata_kb.library.models import Resource


class ResourceFeed(Feed):
    """An Atom feed whose entries are resources: title, summary (or the text's start), dates."""

    feed_type = Atom1Feed

    def item_title(self, item: Resource) -> str:
        return item.title

    def item_description(self, item: Resource) -> str:
        return item.summary or item.text[:500]

    def item_pubdate(self, item: Resource) -> Any:
        return item.published_at

    def item_updateddate(self, item: Resource) -> Any:
        return item.updated_at


class NewResourcesFeed(ResourceFeed):
    title = _("Minamata KB: new resources")
    link = "/library/"
    subtitle = _("Tools, guidance, training and case studies newly published in the library.")

    def items(self) -> Any:
        return (
            Resource.objects.filter(published=True)
            .exclude(published_at=None)
            .order_by("-published_at", "-pk")[:50]
        )
