"""/registry/parties/<iso3>/feed/: an Atom feed of what is published about one party —
resources about its country, activities and events that concern it, its published needs and
national reports — newest first. Only published records (read as an anonymous visitor).

It gathers every collecting app's records, so it lives here among the faces and the root URL
configuration serves it under the registry's party address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from minamata_kb.activities.selectors import activities_for_party, events_for_party
from minamata_kb.matching.selectors import visible_needs
from minamata_kb.national_reports.selectors import visible_reports
from minamata_kb.registry.models import Party
from minamata_kb.search.services import visible_resources

LIMIT = 50


def _when(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


class PartyFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, code: str) -> Party:
        return get_object_or_404(Party.objects.select_related("country"), code=code.upper())

    def title(self, obj: Party) -> str:
        return _("Minamata KB: %(party)s") % {"party": obj.name}

    def link(self, obj: Party) -> str:
        return reverse("registry:party_detail", args=[obj.code])

    def subtitle(self, obj: Party) -> str:
        return _(
            "Resources, activities, events, needs and national reports published about %(party)s."
        ) % {"party": obj.name}

    def items(self, obj: Party) -> list[dict[str, Any]]:
        anon = AnonymousUser()
        entries: list[dict[str, Any]] = []
        if obj.country_id:
            for r in visible_resources(anon).filter(countries=obj.country_id).distinct()[:LIMIT]:
                entries.append(
                    {
                        "title": r.title,
                        "link": r.get_absolute_url(),
                        "text": r.summary,
                        "when": _when(r.published_at or r.updated_at),
                        "kind": _("Resource"),
                    }
                )
        for a in activities_for_party(anon, obj)[:LIMIT]:
            entries.append(
                {
                    "title": a.title,
                    "link": a.get_absolute_url(),
                    "text": a.description[:500],
                    "when": _when(a.updated_at),
                    "kind": _("Activity"),
                }
            )
        for e in events_for_party(anon, obj)[:LIMIT]:
            entries.append(
                {
                    "title": e.title or e.code,
                    "link": e.get_absolute_url(),
                    "text": "",
                    "when": _when(e.start_date) or _when(e.updated_at),
                    "kind": _("Event"),
                }
            )
        for n in visible_needs(anon).filter(party=obj).order_by("-pk")[:LIMIT]:
            entries.append(
                {
                    "title": n.text[:120],
                    "link": n.get_absolute_url(),
                    "text": n.text,
                    "when": _when(n.updated_at),
                    "kind": _("Need"),
                }
            )
        for rep in visible_reports(anon).filter(party=obj):
            entries.append(
                {
                    "title": _("National report %(cycle)s") % {"cycle": rep.cycle.code},
                    "link": reverse("registry:party_detail", args=[obj.code]) + f"#report-{rep.pk}",
                    "text": "",
                    "when": _when(rep.submitted_at or rep.updated_at),
                    "kind": _("National report"),
                }
            )
        epoch = timezone.make_aware(dt.datetime(1970, 1, 1))
        entries.sort(key=lambda x: (x["when"] or epoch, x["link"]), reverse=True)
        return entries[:LIMIT]

    def item_title(self, item: dict[str, Any]) -> str:
        return f"{item['kind']}: {item['title']}"

    def item_link(self, item: dict[str, Any]) -> str:
        return item["link"]

    def item_guid(self, item: dict[str, Any]) -> str:
        return item["link"]

    def item_description(self, item: dict[str, Any]) -> str:
        return item["text"] or ""

    def item_pubdate(self, item: dict[str, Any]) -> Any:
        return item["when"]
