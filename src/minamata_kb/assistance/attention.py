"""Items for the secretariat's home page: requests waiting, due soon, overdue."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat, user_party
from minamata_kb.assistance.models import Request
from minamata_kb.assistance.selectors import due_and_overdue, filtered
from minamata_kb.assistance.services import ANSWERED_STATES
from minamata_kb.core.hooks import AttentionItem


def items(request: HttpRequest) -> list[AttentionItem]:
    url = reverse("assistance:request_list")
    if not is_secretariat(request.user):
        return _own_requests(request)
    soon, overdue = due_and_overdue()
    new = Request.objects.filter(state=Request.State.RECEIVED).count()
    out: list[AttentionItem] = []
    if new:
        out.append(
            {
                "label": _("Assistance requests to triage"),
                "count": new,
                "url": f"{url}?state=received",
            }
        )
    if soon.exists():
        out.append(
            {
                "label": _("Assistance requests due within 7 days"),
                "count": soon.count(),
                "url": f"{url}?due=soon",
            }
        )
    mine = filtered(request.user, state="open", assignee=request.user.get_username()).count()
    if mine:
        out.append(
            {
                "label": _("Open assistance requests assigned to you"),
                "count": mine,
                "url": f"{url}?state=open&assignee={request.user.get_username()}",
            }
        )
    if overdue.exists():
        out.append(
            {
                "label": _("Assistance requests overdue"),
                "count": overdue.count(),
                "url": f"{url}?due=overdue",
            }
        )
    return out


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
