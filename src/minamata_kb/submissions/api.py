"""HTTP API of the submissions app (mounted under /api/v1/): calls, submissions, statements."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.core import files, filetext
from minamata_kb.core.apiauth import SignedInAs
from minamata_kb.core.envelope import found
from minamata_kb.core.filtering import narrowed
from minamata_kb.core.listing import Listing, listing, paged
from minamata_kb.core.safejson import Refused, parse_json
from minamata_kb.registry.models import Organisation, Party
from minamata_kb.submissions import selectors, services, statement_review
from minamata_kb.submissions.models import Call, Statement, Submission

router = Router(tags=["submissions"])


class CallOut(Schema):
    id: int
    decision: str
    title: str
    letter_date: str | None
    deadline: str
    reminder_dates: list[str]
    addressees: list[str]
    status: str
    submissions: int


class SubmissionOut(Schema):
    id: int
    call: int
    party: str | None
    organisation: str | None
    submitter: str
    via: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    language: str
    received_at: str
    late: bool
    version: int
    replaces: int | None
    is_current: bool
    duplicate_of: int | None
    status: str
    url: str
    extraction_state: str  # pending, processing, done or failed (reading the original's text)
    extraction_error: str  # why reading failed, in the request's language
    text_truncated: bool  # the text was cut at MAX_EXTRACTED_CHARS


class StatementOut(Schema):
    id: int
    submission: int
    party: str | None
    organisation: str | None
    role: str
    text: str
    articles: list[int]
    topics: list[str]
    countries: list[str]
    channel: str
    amount: str | None
    currency: str
    period_start: str | None
    period_end: str | None
    status: str
    source: str


class ReviewIn(Schema):
    decision: str
    changes: dict[str, Any] | None = None


def call_out(c: Call) -> dict[str, Any]:
    return {
        "id": c.pk,
        "decision": c.decision,
        "title": c.title,
        "letter_date": c.letter_date.isoformat() if c.letter_date else None,
        "deadline": c.deadline.isoformat(),
        "reminder_dates": list(c.reminder_dates or []),
        "addressees": list(c.addressees or []),
        "status": c.status,
        "submissions": selectors.counted_submissions(c).count(),
    }


def submission_out(s: Submission) -> dict[str, Any]:
    return {
        "id": s.pk,
        "call": s.call_id,
        "party": s.party.code if s.party_id else None,  # type: ignore[union-attr]
        "organisation": s.organisation.slug if s.organisation_id else None,  # type: ignore[union-attr]
        "submitter": s.submitter_name,
        "via": s.via,
        "original_name": s.original_name,
        "content_type": s.content_type,
        "size": s.size,
        "sha256": s.sha256,
        "language": s.language,
        "received_at": s.received_at.isoformat(),
        "late": s.late,
        "version": s.version,
        "replaces": s.replaces_id,
        "is_current": s.is_current,
        "duplicate_of": s.duplicate_of_id,
        "status": s.status,
        "url": f"/submissions/s/{s.pk}/",
        **filetext.processing(s),
    }


def statement_out(st: Statement) -> dict[str, Any]:
    sub = st.submission
    return {
        "id": st.pk,
        "submission": st.submission_id,
        "party": sub.party.code if sub.party_id else None,  # type: ignore[union-attr]
        "organisation": sub.organisation.slug if sub.organisation_id else None,  # type: ignore[union-attr]
        **services.statement_state(st),
        "source": st.source,
    }


@router.get("/calls", response=Listing[CallOut])
def list_calls(request: HttpRequest) -> dict[str, Any]:
    """Calls for information (drafts only for the secretariat)."""
    return listing(call_out(c) for c in selectors.calls(request.user))


@router.get("/calls/{call_id}", response=CallOut)
def get_call(request: HttpRequest, call_id: int) -> dict[str, Any]:
    call = found(selectors.calls(request.user).filter(pk=call_id).first(), "No such call.")
    return call_out(call)


@router.get("/submissions", response=Listing[SubmissionOut])
def list_submissions(
    request: HttpRequest,
    call: int | None = None,
    party: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> dict[str, Any]:
    """Submissions visible to the caller, oldest first."""
    qs = narrowed(
        selectors.submissions(request.user), call_id=call, party__code=(party or "").upper()
    )
    qs = qs.order_by("received_at", "id")
    return paged(qs, limit=limit, offset=offset, out=submission_out)


@router.get("/submissions/{submission_id}", response=SubmissionOut)
def get_submission(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    sub = found(
        selectors.submissions(request.user).filter(pk=submission_id).first(), "No such submission."
    )
    return submission_out(sub)


@router.post("/submissions", response={201: SubmissionOut})
def create_submission(
    request: HttpRequest,
    call: int = Form(...),
    party: str = Form(""),
    organisation: str = Form(""),
    language: str = Form(""),
    title: str = Form(""),
    parts: str = Form(""),
    replaces: int | None = Form(None),
    file: UploadedFile | None = File(None),  # noqa: B008
) -> tuple[int, dict[str, Any]]:
    """Submit a file (multipart `file`) or structured `parts` (a JSON list) for a call."""
    if not request.user.is_authenticated:
        raise HttpError(401, "Sign in first.")
    the_call = found(selectors.calls(request.user).filter(pk=call).first(), "No such call.")
    the_party = Party.objects.filter(code=party.upper()).first() if party else None
    the_org = Organisation.objects.filter(slug=organisation).first() if organisation else None
    if (party and the_party is None) or (organisation and the_org is None):
        raise Http404("No such party or organisation.")
    parsed = None
    if parts:
        try:  # the API's rules for JSON: bounded depth and numbers, no NaN, NUL or surrogates
            parsed = parse_json(parts.encode("utf-8", "surrogatepass"))
        except Refused as exc:
            raise HttpError(exc.status, f"`parts`: {exc.message}") from None
        if not isinstance(parsed, list):
            raise HttpError(400, "`parts` must be a JSON list of objects.")
    if file is not None:
        files.check_size(file.size or 0)  # before reading it into memory
    previous = Submission.objects.filter(pk=replaces).first() if replaces else None
    sub = services.submit(
        request.user,
        the_call,
        party=the_party,
        organisation=the_org,
        upload=(file.name or "upload", file.read()) if file is not None else None,
        parts=parsed,
        language=language,
        title=title,
        replaces=previous,
        propose=True,
    )
    return 201, submission_out(sub)


@router.get("/statements", response=Listing[StatementOut])
def list_statements(
    request: HttpRequest,
    call: int | None = None,
    party: str | None = None,
    role: str | None = None,
    status: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> dict[str, Any]:
    """Statements: confirmed ones for everyone; proposals to the secretariat and their owners."""
    qs = narrowed(
        selectors.statements(request.user),
        submission__call_id=call,
        submission__party__code=(party or "").upper(),
        role=role,
        status=status,
    )
    qs = qs.order_by("submission_id", "position", "id")
    return paged(qs, limit=limit, offset=offset, out=statement_out)


@router.post(
    "/statements/{statement_id}/review",
    response=StatementOut,
    auth=SignedInAs(is_secretariat, gettext_lazy("Only the secretariat reviews statements.")),
)
def review(request: HttpRequest, statement_id: int, body: ReviewIn) -> dict[str, Any]:
    """Confirm, edit or reject a proposed statement (secretariat)."""
    st = found(Statement.objects.filter(pk=statement_id).first(), "No such statement.")
    statement_review.review_statement(request.user, st, body.decision, body.changes)
    return statement_out(st)
