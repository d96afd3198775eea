"""The party page's section: the party's needs and how many matches they have."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import can_act_for_party
from minamata_kb.core.hooks import PartySection
from minamata_kb.matching import selectors


def section(request: HttpRequest, party: Any) -> PartySection | None:
    """Needs the visitor may see (the public: published ones)."""
    needs = list(selectors.needs_list(request.user, party=party.code)[:20])
    may_record = can_act_for_party(request.user, party)
    if not needs and not may_record:
        return None
    return {
        "title": _("Needs and matches"),
        "template": "matching/_party_section.html",
        "context": {"party": party, "needs": needs, "may_record": may_record},
        "order": 50,
    }
