"""Secretariat home page items: statements waiting for review, calls closing soon."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat, user_organisation, user_party
from minamata_kb.core.hooks import AttentionItem
from minamata_kb.submissions import selectors
from minamata_kb.submissions.selectors import CLOSING_DAYS


def items(request: HttpRequest) -> list[AttentionItem]:
    """The secretariat's review and deadline queues; for a focal point or an organisation's
    editor, the open calls not answered yet. Each count is the length of the list its link
    opens."""
    calls_url = reverse("submissions:call_list")
    if not is_secretariat(request.user):
        if user_party(request.user) is None and user_organisation(request.user) is None:
            return []
        open_calls = selectors.call_queue(request.user, "unanswered").count()
        if not open_calls:
            return []
        return [
            {
                "label": _("Open calls you have not answered yet"),
                "count": open_calls,
                "url": f"{calls_url}?queue=unanswered",
            }
        ]
    out: list[AttentionItem] = []
    pending = selectors.pending_review().count()
    if pending:
        out.append(
            {
                "label": _("Statements waiting for review"),
                "count": pending,
                "url": reverse("submissions:review"),
            }
        )
    closing = selectors.call_queue(request.user, "closing").count()
    if closing:
        out.append(
            {
                "label": _("Calls closing within %(days)s days") % {"days": CLOSING_DAYS},
                "count": closing,
                "url": f"{calls_url}?queue=closing",
            }
        )
    return out
