"""Reads: which requests a user may see, and response-time figures."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Schema

from minamata_kb.accounts.permissions import can_view, published_or_own
from minamata_kb.assistance.models import FOLLOW_UP_STATES, OPEN_STATES, RATINGS, Request
from minamata_kb.core.filtering import narrowed


def visible_requests(user: Any) -> QuerySet[Request]:
    """Secretariat: all; a focal point: its party's and published ones; others: published."""
    qs = Request.objects.select_related("party", "assignee", "filed_by")
    return qs.filter(published_or_own(user, party="party"))


class RequestFilters(Schema):
    """The request list's filters by their public names, declared once for the page and the
    API (its query parameters): `state` (or "open"), `party`, `kind`, `due` (soon or overdue);
    an empty one filters nothing."""

    state: str = ""
    party: str = ""
    kind: str = ""
    due: str = ""


def filtered(
    user: Any, filters: RequestFilters | None = None, *, assignee: str = ""
) -> QuerySet[Request]:
    """Visible requests with the list filters applied; `assignee` (a user name) is the
    secretariat's own queue, on the page only."""
    f = filters or RequestFilters()
    qs = visible_requests(user)
    if f.due in ("soon", "overdue"):
        soon, overdue = due_and_overdue()
        qs = qs.filter(pk__in=(soon if f.due == "soon" else overdue).values("pk"))
    if f.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif f.state:
        qs = qs.filter(state=f.state)
    return narrowed(qs, party__code=f.party.upper(), kind=f.kind, assignee__username=assignee)


def due_and_overdue(today: Any = None) -> tuple[QuerySet[Request], QuerySet[Request]]:
    """Open requests due within 7 days, and those past their due date."""
    today = today or timezone.now().date()
    open_qs = Request.objects.filter(state__in=OPEN_STATES, due_date__isnull=False)
    overdue = open_qs.filter(due_date__lt=today)
    soon = open_qs.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=7))
    return soon, overdue


def _answer_date(answered_at: dt.datetime) -> dt.date:
    return timezone.localdate(answered_at) if timezone.is_aware(answered_at) else answered_at.date()


def _due_figures(
    rows: list[tuple[dt.date | None, dt.datetime | None]], today: dt.date
) -> tuple[int, int]:
    """(answered by the due date, requests whose due date has come) over (due, answered_at).

    A request counts once its due date is reached: answered on or before it (on time), answered
    after it (late), or still unanswered after it (overdue, late). Requests whose due date is
    still ahead and that are not answered yet are left out: they are neither on time nor late.
    """
    on_time = counted = 0
    for due, answered_at in rows:
        if due is None:
            continue
        if answered_at is not None:
            counted += 1
            on_time += _answer_date(answered_at) <= due
        elif due < today:
            counted += 1
    return on_time, counted


def response_times(qs: QuerySet[Request] | None = None, today: Any = None) -> dict[str, Any]:
    """Days from receipt to answer: count, median, mean, share answered by the due date."""
    qs = qs if qs is not None else Request.objects.all()
    today = today or timezone.localdate()
    rows = list(qs.values_list("received_at", "answered_at", "due_date", "state"))
    ratings = [int(r) for r in qs.values_list("rating", flat=True) if r is not None]
    days = [(a - r).total_seconds() / 86400 for r, a, _due, _s in rows if a is not None]
    # Rejected and withdrawn requests were never to be answered: they do not count as late.
    due_rows = [
        (due, a)
        for _r, a, due, state in rows
        if state not in (Request.State.REJECTED, Request.State.WITHDRAWN)
    ]
    on_time, counted = _due_figures(due_rows, today)
    overdue = [1 for _r, a, due, state in rows if state in OPEN_STATES and due and due < today]
    return {
        "requests": len(rows),
        "open": len([1 for *_x, state in rows if state in OPEN_STATES]),
        "answered": len(days),
        "median_days": round(statistics.median(days), 1) if days else None,
        "mean_days": round(statistics.fmean(days), 1) if days else None,
        "max_days": round(max(days), 1) if days else None,
        "with_due_date_reached": counted,
        "answered_on_time": on_time,
        "answered_on_time_pct": round(100 * on_time / counted) if counted else None,
        "overdue": len(overdue),
        "by_state": {s: len([1 for *_x, st in rows if st == s]) for s in Request.State.values},
        "rated": len(ratings),
        "mean_rating": round(statistics.fmean(ratings), 1) if ratings else None,
    }


def _region_of(party: Any, by: str) -> str:
    country = getattr(party, "country", None)
    if country is None:  # a regional economic integration organisation (the EU)
        return ""
    return str(getattr(country, by) or "")


def request_statistics(
    *,
    year: int | None = None,
    region: str | None = None,
    by: str = "un_regional_group",
    published_only: bool = False,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Response-time and outcome figures per year (of receipt) and region, for documents.

    `by` is the Country field the region is read from: "un_regional_group" (Africa,
    Asia-Pacific, ... as the COP groups parties) or "region" (M49: Africa, Americas, ...); a
    party without a country (the EU) has the region "". `year` and `region` keep only those
    rows. Returns {"rows": [...], "total": {...}}: each row has year, region, requests,
    answered, median_days, mean_days, answered_on_time, with_due_date_reached,
    answered_on_time_pct, overdue, rejected, withdrawn, in_follow_up (response plan or in
    delivery), closed, rated, mean_rating, ratings ({"1": n, ... "5": n}) and request_ids
    (every figure traces to its records). Rows are ordered by year, then region.
    """
    if by not in ("un_regional_group", "region"):
        raise ValueError(f"by must be 'un_regional_group' or 'region', not {by!r}")
    today = today or timezone.localdate()
    qs = Request.objects.select_related("party__country").order_by("received_at", "pk")
    if published_only:
        qs = qs.filter(published=True)
    groups: dict[tuple[int, str], list[Request]] = {}
    for r in qs:
        key = (timezone.localtime(r.received_at).year, _region_of(r.party, by))
        if (year is not None and key[0] != year) or (region is not None and key[1] != region):
            continue
        groups.setdefault(key, []).append(r)

    def figures(reqs: list[Request]) -> dict[str, Any]:
        S = Request.State
        days = [
            (r.answered_at - r.received_at).total_seconds() / 86400
            for r in reqs
            if r.answered_at is not None
        ]
        on_time, counted = _due_figures(
            [(r.due_date, r.answered_at) for r in reqs if r.state not in (S.REJECTED, S.WITHDRAWN)],
            today,
        )
        ratings = [r.rating for r in reqs if r.rating is not None]
        return {
            "requests": len(reqs),
            "answered": len(days),
            "median_days": round(statistics.median(days), 1) if days else None,
            "mean_days": round(statistics.fmean(days), 1) if days else None,
            "answered_on_time": on_time,
            "with_due_date_reached": counted,
            "answered_on_time_pct": round(100 * on_time / counted) if counted else None,
            "overdue": len(
                [1 for r in reqs if r.state in OPEN_STATES and r.due_date and r.due_date < today]
            ),
            "rejected": len([1 for r in reqs if r.state == S.REJECTED]),
            "withdrawn": len([1 for r in reqs if r.state == S.WITHDRAWN]),
            "in_follow_up": len([1 for r in reqs if r.state in FOLLOW_UP_STATES]),
            "closed": len([1 for r in reqs if r.state == S.CLOSED]),
            "rated": len(ratings),
            "mean_rating": round(statistics.fmean(ratings), 1) if ratings else None,
            "ratings": {str(n): ratings.count(n) for n in RATINGS},
            "request_ids": [r.pk for r in reqs],
        }

    rows = [
        {"year": y, "region": reg, **figures(reqs)} for (y, reg), reqs in sorted(groups.items())
    ]
    everything = [r for reqs in groups.values() for r in reqs]
    return {"rows": rows, "total": figures(everything)}


def answer_activities(request: Request, user: Any) -> list[Any]:
    """The activities that answered a request, as `user` may see them: a published request does
    not publish the unpublished activities its answer names."""
    return [a for a in request.answer_activities.all() if can_view(user, a)]
