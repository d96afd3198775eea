"""Where needs come from: confirmed statements, national-report comments and assistance
requests. Each source app is read only if it is installed (feature-detected), so this module
works whichever of those apps exist."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

NEED_ROLES = ("need", "challenge")
CLOSED_REQUEST_STATES = ("rejected", "withdrawn")


@dataclass
class Candidate:
    """A need found in another app, not yet recorded."""

    kind: str
    source_id: int
    ref: str
    party: Any
    text: str
    language: str = ""
    topics: list[str] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)
    published: bool = False


def _model(app: str, name: str) -> Any:
    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def from_statements() -> Iterator[Candidate]:
    """Confirmed statements of a party whose role is a need or a challenge (of a submission
    that counts: not withdrawn, not replaced by a new version)."""
    Statement = _model("submissions", "Statement")
    if Statement is None:
        return
    qs = (
        Statement.objects.filter(status="confirmed", role__in=NEED_ROLES)
        .filter(
            submission__party__isnull=False,
            submission__status="received",
            submission__is_current=True,
        )
        .select_related("submission__party", "submission__call")
        .prefetch_related("topics", "articles")
    )
    for st in qs:
        yield Candidate(
            kind="statement",
            source_id=st.pk,
            ref=f"ST-{st.pk}",
            party=st.submission.party,
            text=st.text,
            language=getattr(st.submission, "language", "") or "",
            topics=[t.slug for t in st.topics.all()],
            articles=[a.number for a in st.articles.all()],
            published=bool(st.is_published),
        )


def from_national_reports() -> Iterator[Candidate]:
    """Needs and challenges the national-reports app extracts from comments and answers."""
    try:
        from minamata_kb.national_reports.selectors import needs
    except ImportError:
        return
    Party = _model("registry", "Party")
    Answer = _model("national_reports", "Answer")
    found = needs(include_unpublished=True)
    parties = {p.code: p for p in Party.objects.filter(code__in={n.party for n in found})}
    published = {}
    if Answer is not None:
        published = dict(
            Answer.objects.filter(pk__in={n.answer_id for n in found}).values_list(
                "pk", "report__published"
            )
        )
    for n in found:
        party = parties.get(n.party)
        if party is None:
            continue
        yield Candidate(
            kind="answer",
            source_id=n.answer_id,
            ref=f"{n.cycle} Q{n.question}: {n.text[:60]}",
            party=party,
            text=n.text,
            topics=list(n.topics or []),
            articles=[n.article] if n.article else [],
            published=bool(published.get(n.answer_id, False)),
        )


def from_requests() -> Iterator[Candidate]:
    """Assistance requests that are still alive."""
    Request = _model("assistance", "Request")
    if Request is None:
        return
    qs = (
        Request.objects.exclude(state__in=CLOSED_REQUEST_STATES)
        .select_related("party")
        .prefetch_related("topics", "articles")
    )
    for r in qs:
        yield Candidate(
            kind="request",
            source_id=r.pk,
            ref=r.reference,
            party=r.party,
            text=f"{r.title}\n\n{r.text}".strip(),
            topics=[t.slug for t in r.topics.all()],
            articles=[a.number for a in r.articles.all()],
            published=bool(r.published),
        )


def candidates() -> Iterator[Candidate]:
    """Every need the other apps hold."""
    yield from from_statements()
    yield from from_national_reports()
    yield from from_requests()


def source_object(need: Any) -> Any:
    """The statement, answer or request a need was drawn from (None when gone or typed in)."""
    target = {
        "statement": ("submissions", "Statement"),
        "answer": ("national_reports", "Answer"),
        "request": ("assistance", "Request"),
    }.get(need.source_kind)
    if target is None or need.source_id is None:
        return None
    model = _model(*target)
    return model.objects.filter(pk=need.source_id).first() if model is not None else None
