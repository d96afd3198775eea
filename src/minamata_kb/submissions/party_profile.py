"""The party page's section: the party's submissions and its confirmed statements."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from minamata_kb.core.hooks import PartySection
from minamata_kb.submissions import selectors
from minamata_kb.submissions.models import Statement


def section(request: HttpRequest, party: Any) -> PartySection | None:
    """Submissions by the party and the confirmed statements drawn from them."""
    subs = list(
        selectors.submissions(request.user).filter(party=party).order_by("-received_at")[:50]
    )
    statements = list(
        selectors.statements(request.user)
        .filter(submission__party=party, status=Statement.Status.CONFIRMED)
        .order_by("role", "id")[:100]
    )
    if not subs and not statements:
        return None
    return {
        "title": _("Submissions and statements"),
        "template": "submissions/_party_section.html",
        "context": {"submissions": subs, "statements": statements},
        "order": 30,
    }
