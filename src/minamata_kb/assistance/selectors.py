"""Reads: which requests a user may see, and response-time figures."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from minamata_kb.accounts.permissions import is_secretariat, user_party
from minamata_kb.assistance.models import OPEN_STATES, Request


def visible_requests(user: Any) -> QuerySet[Request]:
    """Secretariat: all; a focal point: its party's and published ones; others: published."""
    qs = Request.objects.select_related("party", "assignee", "filed_by")
    if is_secretariat(user):
        return qs
    party = user_party(user)
    if party is not None:
        return qs.filter(Q(party=party) | Q(published=True))
    return qs.filter(published=True)


def filtered(
    user: Any,
    *,
    state: str = "",
    party: str = "",
    kind: str = "",
    assignee: str = "",
    due: str = "",
) -> QuerySet[Request]:
    """Visible requests with the list filters applied (`due`: soon or overdue)."""
    qs = visible_requests(user)
    if due in ("soon", "overdue"):
        soon, overdue = due_and_overdue()
        qs = qs.filter(pk__in=(soon if due == "soon" else overdue).values("pk"))
    if state:
        qs = qs.filter(state=state)
    if party:
        qs = qs.filter(party__code=party.upper())
    if kind:
        qs = qs.filter(kind=kind)
    if assignee:
        qs = qs.filter(assignee__username=assignee)
    return qs


def due_and_overdue(today: Any = None) -> tuple[QuerySet[Request], QuerySet[Request]]:
    """Open requests due within 7 days, and those past their due date."""
    today = today or timezone.now().date()
    open_qs = Request.objects.filter(state__in=OPEN_STATES, due_date__isnull=False)
    overdue = open_qs.filter(due_date__lt=today)
    soon = open_qs.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=7))
    return soon, overdue


def response_times(qs: QuerySet[Request] | None = None) -> dict[str, Any]:
    """Days from receipt to answer: count, median, mean, share answered by the due date."""
    qs = qs if qs is not None else Request.objects.all()
    answered: list[tuple[dt.datetime, dt.datetime, dt.date | None]] = [
        (r, a, due)
        for r, a, due in qs.filter(answered_at__isnull=False).values_list(
            "received_at", "answered_at", "due_date"
        )
        if a is not None
    ]
    days = [(a - r).total_seconds() / 86400 for r, a, _due in answered]
    with_due = [(a, due) for _r, a, due in answered if due is not None]
    on_time = len([1 for a, due in with_due if a.date() <= due])
    soon, overdue = due_and_overdue()
    return {
        "requests": qs.count(),
        "open": qs.filter(state__in=OPEN_STATES).count(),
        "answered": len(days),
        "median_days": round(statistics.median(days), 1) if days else None,
        "mean_days": round(statistics.fmean(days), 1) if days else None,
        "max_days": round(max(days), 1) if days else None,
        "answered_on_time_pct": round(100 * on_time / len(with_due)) if with_due else None,
        "overdue": overdue.filter(pk__in=qs.values("pk")).count(),
        "by_state": {s: qs.filter(state=s).count() for s in Request.State.values},
    }
