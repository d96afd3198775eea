"""The national-reports section of the party page: the party's reports and their answers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import can_act_for_party
from minamata_kb.core.hooks import PartySection
from minamata_kb.national_reports import selectors


def section(request: HttpRequest, party: Any) -> PartySection | None:
    """The party's reports this visitor may read, the latest with its answers."""
    reports = selectors.party_reports(request.user, party)
    can_report = can_act_for_party(request.user, party)
    if not reports and not can_report:
        return None
    latest = reports[0] if reports else None
    answers = selectors.answers_of(latest) if latest else []
    needs = [
        n for n in selectors.needs(party=party.code) if latest and n.cycle == latest.cycle.code
    ]
    return {
        "title": _("National reports (Article 21)"),
        "template": "national_reports/_party_section.html",
        "context": {
            "reports": reports,
            "latest": latest,
            "answers": answers,
            "needs": needs[:10],
            "can_report": can_report,
        },
        "order": 40,
    }
