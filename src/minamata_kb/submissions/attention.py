"""Secretariat home page items: statements waiting for review, calls closing soon."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minamata_kb.accounts.permissions import is_secretariat, user_organisation, user_party
from minamata_kb.core.hooks import AttentionItem
from minamata_kb.submissions import selectors
from minamata_kb.submissions.models import Submission
from minamata_kb.submissions.selectors import CLOSING_DAYS


def _tracked(sub: Submission) -> AttentionItem:
    """One of the user's own submissions and how far its review has gone."""
    if sub.status == Submission.Status.WITHDRAWN:
        state = _("withdrawn")
    elif not sub.n_statements:  # type: ignore[attr-defined]
        state = _("received, no statements yet")
    else:
        state = ngettext(
            "%(reviewed)s of %(total)s statement reviewed",
            "%(reviewed)s of %(total)s statements reviewed",
            sub.n_statements,  # type: ignore[attr-defined]
        ) % {"reviewed": sub.n_reviewed, "total": sub.n_statements}  # type: ignore[attr-defined]
    received = date_format(timezone.localtime(sub.received_at), "SHORT_DATE_FORMAT")
    return {
        "label": sub.title or sub.call.title,
        "count": None,
        "url": reverse("submissions:submission_detail", args=[sub.pk]),
        "note": _("your submission S-%(id)s of %(date)s: %(state)s")
        % {"id": sub.pk, "date": received, "state": state},
        "user_text": True,
    }


def items(request: HttpRequest) -> list[AttentionItem]:
    """The secretariat's review and deadline queues; for a focal point or an organisation's
    editor, the open calls not answered yet and its latest submissions with their review state. Each count is the length of the list its link
    opens."""
    calls_url = reverse("submissions:call_list")
    if not is_secretariat(request.user):
        if user_party(request.user) is None and user_organisation(request.user) is None:
            return []
        out: list[AttentionItem] = []
        open_calls = selectors.call_queue(request.user, "unanswered").count()
        if open_calls:
            out.append(
                {
                    "label": _("Open calls you have not answered yet"),
                    "count": open_calls,
                    "url": f"{calls_url}?queue=unanswered",
                }
            )
        return out + [_tracked(sub) for sub in selectors.own_recent(request.user)]
    out = []
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
