"""Items for the secretariat's home page: requests waiting, due soon, overdue."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat, user_party
from minamata_kb.assistance.models import Request
from minamata_kb.assistance.selectors import RequestFilters, due_and_overdue, filtered
from minamata_kb.assistance.services import ANSWERED_STATES
from minamata_kb.core.hooks import AttentionItem
from minamata_kb.core.queues import queue, waiting


def items(request: HttpRequest) -> list[AttentionItem]:
    url = reverse("assistance:request_list")
    if not is_secretariat(request.user):
        return _own_requests(request)
    soon, overdue = due_and_overdue()
    user = request.user.get_username()
    return waiting(
        [
            queue(
                _("Assistance requests to triage"),
                Request.objects.filter(state=Request.State.RECEIVED).count(),
                f"{url}?state=received",
            ),
            queue(_("Assistance requests due within 7 days"), soon.count(), f"{url}?due=soon"),
            queue(
                _("Open assistance requests assigned to you"),
                filtered(request.user, RequestFilters(state="open"), assignee=user).count(),
                f"{url}?state=open&assignee={user}",
            ),
            queue(_("Assistance requests overdue"), overdue.count(), f"{url}?due=overdue"),
        ]
    )


def _own_requests(request: HttpRequest) -> list[AttentionItem]:
    """A focal point's open requests, each with its next step in plain words."""
    party = user_party(request.user)
    if party is None:
        return []
    out: list[AttentionItem] = []
    done = (Request.State.CLOSED, Request.State.REJECTED, Request.State.WITHDRAWN)
    for r in Request.objects.filter(party=party).exclude(state__in=done).order_by("-received_at"):
        if r.state in ANSWERED_STATES:
            step = _("answered: read the answer, then close it or tell us what is missing")
        else:
            step = _("with the secretariat: %(state)s") % {"state": r.get_state_display()}
        out.append(
            {
                "label": r.title,
                "count": None,
                "note": step,
                "url": r.get_absolute_url(),
                "user_text": True,
            }
        )
    return out
