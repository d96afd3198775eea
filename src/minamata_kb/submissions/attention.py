"""Secretariat home page items: statements waiting for review, calls closing soon."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.submissions import selectors
from minamata_kb.submissions.models import Call

CLOSING_DAYS = 14


def items(request: HttpRequest) -> list[dict[str, Any]]:
    """What the submissions app needs the secretariat to look at."""
    if not is_secretariat(request.user):
        return []
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
    today = timezone.localdate()
    closing = Call.objects.filter(
        status=Call.Status.OPEN,
        deadline__gte=today,
        deadline__lte=today + dt.timedelta(days=CLOSING_DAYS),
    ).count()
    if closing:
        out.append(
            {
                "label": _("Calls closing within %(days)s days") % {"days": CLOSING_DAYS},
                "count": closing,
                "url": reverse("submissions:call_list"),
            }
        )
    return out
