"""Reads of the submissions app, always through who is asking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from minamata_kb.accounts.permissions import is_secretariat, user_organisation, user_party
from minamata_kb.audit.records import owned_by
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
    """What the user's party or organisation sent (their lookups under `prefix`)."""
    owned = owned_by(party=f"{prefix}party", organisation=f"{prefix}organisation")
    return owned(user_party(user), user_organisation(user))


def submissions(user: Any, call: Call | None = None) -> QuerySet[Submission]:
    """Submissions the user may see: received ones of issued calls, and the user's own."""
    qs = Submission.objects.select_related("call", "party__country", "organisation")
    if call is not None:
        qs = qs.filter(call=call)
    if is_secretariat(user):
        return qs
    public = Q(status=Submission.Status.RECEIVED) & ~Q(call__status=Call.Status.DRAFT)
    return qs.filter(public | _own(user))


def versions(user: Any, sub: Submission) -> list[Submission]:
    """The versions of one submission that the user may see, oldest first: the chain of
    `replaces` it belongs to, not every submission of its sender to the call (a second,
    separate submission is a version 1 of its own)."""
    chain = [sub]
    while chain[0].replaces_id is not None:
        earlier = Submission.objects.filter(pk=chain[0].replaces_id).first()
        if earlier is None:
            break
        chain.insert(0, earlier)
    while (later := Submission.objects.filter(replaces=chain[-1]).first()) is not None:
        chain.append(later)
    seen = set(submissions(user).filter(pk__in=[s.pk for s in chain]).values_list("pk", flat=True))
    return [s for s in chain if s.pk in seen]


def own_recent(user: Any, limit: int = 3) -> QuerySet[Submission]:
    """The latest current submissions of the user's party or organisation, with their statements'
    review counts (`n_statements`, `n_reviewed`): what a focal point tracks from its home."""
    reviewed = Q(statements__status__in=[Statement.Status.CONFIRMED, Statement.Status.REJECTED])
    return (
        Submission.objects.filter(_own(user), is_current=True)
        .select_related("call")
        .annotate(
            n_statements=Count("statements", distinct=True),
            n_reviewed=Count("statements", filter=reviewed, distinct=True),
        )
        .order_by("-received_at", "-pk")[:limit]
    )


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


def proposal_scores(proposal: dict[str, Any] | None) -> dict[str, dict[Any, float]]:
    """The classifier's confidence per proposed value: roles, articles, topics, channel."""
    proposal = proposal or {}
    out: dict[str, dict[Any, float]] = {"roles": {}, "articles": {}, "topics": {}, "channel": {}}
    for kind, key in (("roles", "role"), ("articles", "article"), ("topics", "topic")):
        for item in proposal.get(kind) or []:
            if (
                isinstance(item, dict)
                and key in item
                and isinstance(item.get("score"), int | float)
            ):
                value = int(item[key]) if kind == "articles" else str(item[key])
                out[kind][value] = float(item["score"])
    channel = proposal.get("channel")
    if isinstance(channel, dict) and isinstance(channel.get("score"), int | float):
        out["channel"][str(channel.get("channel"))] = float(channel["score"])
    return out


def role_confidence(st: Statement) -> float | None:
    """How sure the classifier was of the statement's role (None: it did not propose it)."""
    return proposal_scores(st.proposal)["roles"].get(st.role)


def review_queue(
    user: Any,
    *,
    party: Any = None,
    role: str = "",
    below: float | None = None,
    submission: int | None = None,
) -> QuerySet[Statement]:
    """The statements waiting for review as the officer's screen lists them, narrowed to one
    party, one role, or a role confidence below `below` (statements whose role the classifier
    did not propose have no confidence and are left out by that filter). Nothing for anyone
    but the secretariat."""
    if not is_secretariat(user):
        return Statement.objects.none()
    qs = pending_review()
    if party is not None:
        qs = qs.filter(submission__party=party)
    if submission is not None:
        qs = qs.filter(submission_id=submission)
    if role:
        qs = qs.filter(role=role)
    if below is not None:
        keep = []
        for st in qs.only("pk", "role", "proposal"):
            score = role_confidence(st)
            if score is not None and score < below:
                keep.append(st.pk)
        qs = qs.filter(pk__in=keep)
    return qs.order_by("submission_id", "position", "id")
