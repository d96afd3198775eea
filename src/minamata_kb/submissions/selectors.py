"""Reads of the submissions app, always through who is asking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from minamata_kb.accounts.permissions import is_secretariat, user_organisation, user_party
from minamata_kb.submissions.models import Call, Statement, Submission


def calls(user: Any) -> QuerySet[Call]:
    """Calls the user may see: drafts only for the secretariat."""
    qs = Call.objects.all()
    return qs if is_secretariat(user) else qs.exclude(status=Call.Status.DRAFT)


CLOSING_DAYS = 14


def call_queue(user: Any, queue: str = "") -> QuerySet[Call]:
    """Visible calls narrowed to a work queue: `closing` (open, deadline within
    CLOSING_DAYS days) or `unanswered` (open, no received submission of the user's party or
    organisation yet); any other value: every visible call."""
    qs = calls(user)
    today = timezone.localdate()
    if queue == "closing":
        qs = qs.filter(
            status=Call.Status.OPEN,
            deadline__gte=today,
            deadline__lte=today + dt.timedelta(days=CLOSING_DAYS),
        )
    elif queue == "unanswered":
        answered = Submission.objects.filter(_own(user), status=Submission.Status.RECEIVED).values(
            "call_id"
        )
        qs = qs.filter(status=Call.Status.OPEN).exclude(pk__in=answered)
    return qs


def _own(user: Any, prefix: str = "") -> Q:
    party, org = user_party(user), user_organisation(user)
    q = Q(pk__in=[])
    if party is not None:
        q |= Q(**{f"{prefix}party": party})
    if org is not None:
        q |= Q(**{f"{prefix}organisation": org})
    return q


def submissions(user: Any, call: Call | None = None) -> QuerySet[Submission]:
    """Submissions the user may see: received ones of issued calls, and the user's own."""
    qs = Submission.objects.select_related("call", "party__country", "organisation")
    if call is not None:
        qs = qs.filter(call=call)
    if is_secretariat(user):
        return qs
    public = Q(status=Submission.Status.RECEIVED) & ~Q(call__status=Call.Status.DRAFT)
    return qs.filter(public | _own(user))


def statements(user: Any) -> QuerySet[Statement]:
    """Statements the user may see: confirmed public ones, and all of the user's own."""
    qs = Statement.objects.select_related(
        "submission__party__country", "submission__organisation", "submission__call", "channel"
    ).prefetch_related("articles", "topics", "countries")
    if is_secretariat(user):
        return qs
    public = (
        Q(status=Statement.Status.CONFIRMED)
        & Q(submission__status=Submission.Status.RECEIVED)
        & ~Q(submission__call__status=Call.Status.DRAFT)
    )
    return qs.filter(public | _own(user, "submission__"))


def counted_submissions(call: Call) -> QuerySet[Submission]:
    """What a COP document counts: current, not withdrawn."""
    return Submission.objects.filter(
        call=call, status=Submission.Status.RECEIVED, is_current=True
    ).select_related("party__country", "organisation")


def counted_statements(call: Call) -> QuerySet[Statement]:
    """Confirmed statements of the counted submissions."""
    return (
        Statement.objects.filter(
            submission__in=counted_submissions(call), status=Statement.Status.CONFIRMED
        )
        .select_related("channel")
        .prefetch_related("articles", "topics", "countries")
    )


def pending_review() -> QuerySet[Statement]:
    """Proposed statements waiting for an officer."""
    return Statement.objects.filter(
        status=Statement.Status.PROPOSED, submission__status=Submission.Status.RECEIVED
    )
