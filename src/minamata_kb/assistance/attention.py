"""Items for the secretariat's home page: requests waiting, due soon, overdue."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.assistance.models import Request
from minamata_kb.assistance.selectors import due_and_overdue


def items(request: HttpRequest) -> list[dict[str, Any]]:
    if not is_secretariat(request.user):
        return []
    url = reverse("assistance:request_list")
    soon, overdue = due_and_overdue()
    new = Request.objects.filter(state=Request.State.RECEIVED).count()
    out = []
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
    if overdue.exists():
        out.append(
            {
                "label": _("Assistance requests overdue"),
                "count": overdue.count(),
                "url": f"{url}?due=overdue",
            }
        )
    return out
