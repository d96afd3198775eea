"""The party page's section: the party's assistance requests, as each role may see them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from minamata_kb.assistance.selectors import visible_requests
from minamata_kb.core.hooks import PartySection


def section(request: HttpRequest, party: Any) -> PartySection | None:
    """The secretariat and the party's own focal points see all; others the published ones."""
    reqs = list(visible_requests(request.user).filter(party=party)[:50])
    if not reqs and not request.user.is_authenticated:
        return None
    return {
        "title": _("Assistance requests"),
        "template": "assistance/_party_section.html",
        "context": {"party": party, "requests": reqs},
        "order": 50,
    }
