"""/search/feed/?q=...: an Atom feed of a search (published resources only, best first)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from minamata_kb.library.feeds import ResourceFeed
from minamata_kb.search.services import SearchError, clean_query, search

LIMIT = 30


class SearchFeed(ResourceFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        try:
            return clean_query(request.GET.get("q", ""))
        except SearchError:  # no words (or too many): a feed with no entries
            return ""

    def title(self, obj: str) -> str:
        return _("Minamata KB: search “%(q)s”") % {"q": obj} if obj else _("Minamata KB: search")

    def link(self, obj: str) -> str:
        return reverse("search:search") + ("?" + urlencode({"q": obj}) if obj else "")

    def subtitle(self, obj: str) -> str:
        return _("Published resources matching the search, most relevant first.")

    def items(self, obj: str) -> list[Any]:
        if not obj:
            return []
        # Anonymous whoever asks: a feed reader is shared, so it shows only published records.
        result = search(obj, user=AnonymousUser(), limit=LIMIT)
        return [h.resource for h in result.hits if not h.weak and h.resource.published]
