"""The party page's section: activities benefiting the party, events it took part in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from minamata_kb.activities import selectors
from minamata_kb.core.hooks import PartySection


def section(request: HttpRequest, party: Any) -> PartySection | None:
    """Visible to everyone; drafts only to those who may edit them."""
    acts = list(
        selectors.activities_for_party(request.user, party).select_related(
            "provider_party", "provider_organisation", "channel"
        )[:50]
    )
    events = list(selectors.events_for_party(request.user, party)[:50])
    rows = []
    if party.country_id:
        for e in events:
            p = e.participation.filter(country_id=party.country_id).first()
            rows.append((e, p))
    return {
        "title": _("Activities and events"),
        "template": "activities/_party_section.html",
        "context": {"party": party, "activities": acts, "events": rows},
        "order": 40,
    }
