"""Writes of the submissions app: submissions (the form, an upload, a new version, a withdrawal)
and the statements they carry. Calls are in calls.py, their reminders in reminders.py, the
review of statements in statement_review.py, the reading of parts in parts.py.

Every function takes the acting user, checks what that user may do before writing anything,
runs in one transaction and leaves an audit record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import (
    can_act_for_organisation,
    can_act_for_party,
    can_edit,
    is_secretariat,
)
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core import files, filetext, sandbox
from minamata_kb.core.actors import Actor, recorded
from minamata_kb.core.languages import detect_language
from minamata_kb.core.sanitize import plain_text
from minamata_kb.registry.models import Country
from minamata_kb.submissions.models import Call, Statement, Submission
from minamata_kb.submissions.parts import clean_parts, render_parts

# The background work's bodies (processing.py), offered here too: officers' pages, the API and
# the demo propose statements through services.
from minamata_kb.submissions.processing import (  # noqa: F401
    PROPOSAL_CHARS,
    label_form_statements,
    propose_statements,
    statement_state,
)
from minamata_kb.submissions.signals import submission_replaced, submission_withdrawn
from minamata_kb.submissions.tasks import (
    schedule_extraction,
    schedule_form_labels,
    schedule_proposals,
)
from minamata_kb.taxonomy.models import Article, Channel, Topic


def check_submitter(actor: Actor, call: Call, party: Any, organisation: Any) -> None:
    """Refuse (PermissionDenied) unless the actor may submit for this party/organisation."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to submit."))
    if party is None and organisation is None:
        raise ValidationError(_("Say which party or organisation the submission is from."))
    if party is not None and not can_act_for_party(actor, party):
        raise PermissionDenied(_("You may submit only for your own party."))
    if organisation is not None and not can_act_for_organisation(actor, organisation):
        raise PermissionDenied(_("You may submit only for your own organisation."))
    if call.status == Call.Status.DRAFT and not is_secretariat(actor):
        raise PermissionDenied(_("This call has not been issued."))


def _safe_name(name: str) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", name.rsplit("/", 1)[-1])[-120:]
    return base.lstrip(".") or "original"


def submit(
    actor: Actor,
    call: Call,
    *,
    party: Any = None,
    organisation: Any = None,
    upload: tuple[str, bytes] | None = None,
    parts: Sequence[dict[str, Any]] | None = None,
    language: str = "",
    title: str = "",
    replaces: Submission | None = None,
    allow_duplicate: bool = False,
    received_at: dt.datetime | None = None,
    propose: bool = False,
) -> Submission:
    """Record a submission (an upload or web-form parts); refused attempts write nothing.

    A PDF or DOCX original is stored at once and read in a background task (state pending,
    then done or failed); plain text is read here. ``propose``: run the classifier's
    proposals once the text is there (after the commit)."""
    check_submitter(actor, call, party, organisation)
    if (upload is None) == (parts is None):
        raise ValidationError(_("Upload a file or fill in the form (one of the two)."))
    if received_at is not None and not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat records the date a submission arrived."))
    if replaces is not None:
        _check_new_version(replaces, call, party, organisation)
    incoming = _Incoming.receive(upload, parts)
    data, name, ctype = incoming.data, incoming.name, incoming.content_type
    read, via, clean = incoming.read, incoming.via, incoming.parts
    text = read.text if read is not None else ""
    state = filetext.State.DONE if read is not None else filetext.State.PENDING
    digest = hashlib.sha256(data).hexdigest()
    duplicate = _earlier_copy(call, digest, allow_duplicate)
    language = language or (detect_language(text, default="") if text else "")
    when = received_at or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            sub = Submission(
                call=call,
                party=party,
                organisation=organisation,
                title=plain_text(title)[:300],
                via=via,
                original_name=name[:255],
                content_type=ctype,
                size=len(data),
                sha256=digest,
                language=language[:5],
                text=text,
                text_truncated=bool(read and read.truncated),
                extraction_state=state,
                parts=clean,
                received_at=when,
                late=call.is_late(when),
                version=(replaces.version + 1) if replaces else 1,
                replaces=replaces,
                duplicate_of=duplicate,
                recorded_by=recorded(actor),
            )
            sub.original.save(f"{digest[:16]}-{_safe_name(name)}", ContentFile(data), save=False)
            stored.append(str(sub.original.name))
            sub.save()
            if replaces is not None:
                Submission.objects.filter(pk=replaces.pk).update(is_current=False)
                replaces.is_current = False
                record_change(
                    actor,
                    ChangeRecord.Action.UPDATE,
                    replaces,
                    {"is_current": True},
                    {"is_current": False},
                )
            record_change(
                actor, ChangeRecord.Action.CREATE, sub, None, snapshot(sub, _AUDIT_FIELDS)
            )
            for i, part in enumerate(clean):
                _statement_from_part(actor, sub, i, part)
            if replaces is not None:
                submission_replaced.send(sender=Submission, submission=replaces, by=sub)
    except Exception:
        for path in stored:  # the row is gone: so is its file
            default_storage.delete(path)
        raise
    _schedule_reading(sub, state, propose, clean)
    return sub


def _check_new_version(replaces: Submission, call: Call, party: Any, organisation: Any) -> None:
    """A new version comes from the same submitter and call, and replaces the current one."""
    if (
        replaces.call_id != call.pk
        or replaces.party_id != getattr(party, "pk", None)
        or replaces.organisation_id != getattr(organisation, "pk", None)
    ):
        raise ValidationError(_("A new version must come from the same submitter and call."))
    if not replaces.is_current:
        raise ValidationError(_("That version has already been replaced."))


@dataclass(frozen=True)
class _Incoming:
    """What arrived: the bytes to keep, their name and type, the text if it is read already
    (plain text and web forms; None for a PDF or DOCX, read in the background), and the
    cleaned web-form parts."""

    data: bytes
    name: str
    content_type: str
    read: Any
    via: str
    parts: list[dict[str, Any]]

    @classmethod
    def receive(
        cls, upload: tuple[str, bytes] | None, parts: Sequence[dict[str, Any]] | None
    ) -> _Incoming:
        if upload is not None:
            checked = files.inspect(upload[0], upload[1], kinds=files.DOCUMENT_KINDS)
            read = sandbox.extract("txt", checked.data) if checked.kind == "txt" else None
            if read is not None and read.error:
                raise files.UploadRejected(files.failure_message(read.error), code=read.error)
            return cls(
                checked.data, checked.name, checked.content_type, read, Submission.Via.UPLOAD, []
            )
        clean = clean_parts(parts or [])
        data = render_parts(clean).encode("utf-8")
        return cls(
            data,
            "web-form.txt",
            files.TXT,
            sandbox.extract("txt", data),
            Submission.Via.FORM,
            clean,
        )


def _earlier_copy(call: Call, digest: str, allow_duplicate: bool) -> Submission | None:
    """The call's received submission with the same checksum; refused unless allowed."""
    duplicate = (
        Submission.objects.filter(call=call, sha256=digest, status=Submission.Status.RECEIVED)
        .order_by("id")
        .first()
    )
    if duplicate is not None and not allow_duplicate:
        raise ValidationError(
            _("This file was already received as submission S-%(id)s (same SHA-256 checksum).")
            % {"id": duplicate.pk},
            code="duplicate",
        )
    return duplicate


def _schedule_reading(
    sub: Submission, state: str, propose: bool, clean: list[dict[str, Any]]
) -> None:
    """Queue the background reading of an original, the classifier's proposals, and the
    labels of statements typed into the form (after the commit)."""
    if state == filetext.State.PENDING:
        schedule_extraction(sub.pk, propose=propose)
        sub.refresh_from_db(fields=_READ_FIELDS)  # already read when the backend is immediate
    elif propose and sub.via == Submission.Via.UPLOAD:
        transaction.on_commit(lambda: schedule_proposals(sub.pk))
    if clean:  # statements typed into the form get their articles and topics once saved
        transaction.on_commit(lambda: schedule_form_labels(sub.pk))


_READ_FIELDS = ["text", "language", "extraction_state", "extraction_error", "text_truncated"]


_AUDIT_FIELDS = [
    "call",
    "party",
    "organisation",
    "via",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "language",
    "received_at",
    "late",
    "version",
    "replaces",
    "duplicate_of",
]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _statement_from_part(actor: Actor, sub: Submission, i: int, part: dict[str, Any]) -> Statement:
    st = Statement.objects.create(
        submission=sub,
        position=i,
        text=part["text"],
        role=part["role"],
        channel=Channel.objects.filter(slug=part.get("channel") or "").first(),
        amount=Decimal(part["amount"]) if part.get("amount") else None,
        currency=part.get("currency", ""),
        period_start=_date(part.get("period_start")),
        period_end=_date(part.get("period_end")),
        source=Statement.Source.FORM,
        proposal={"from": "form"},
    )
    st.articles.set(Article.objects.filter(number__in=part.get("articles") or []))
    st.topics.set(Topic.objects.filter(slug__in=part.get("topics") or []))
    st.countries.set(Country.objects.filter(iso3__in=part.get("countries") or []))
    record_change(actor, ChangeRecord.Action.CREATE, st, None, statement_state(st))
    return st


@transaction.atomic
def withdraw_submission(actor: Actor, sub: Submission, reason: str = "") -> Submission:
    """Withdraw a submission (kept, no longer counted); its submitter or the secretariat, and
    always with a reason, which the history keeps (every page, API and command alike)."""
    if not can_edit(actor, sub):
        raise PermissionDenied(_("You may not withdraw this submission."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the submission is withdrawn.")]})
    if sub.status != Submission.Status.RECEIVED:
        raise ValidationError(_("This submission is withdrawn already."))
    Submission.objects.filter(pk=sub.pk).update(status=Submission.Status.WITHDRAWN)
    record_change(
        actor,
        ChangeRecord.Action.WITHDRAW,
        sub,
        {"status": sub.status},
        {"status": "withdrawn"},
        note=reason,
    )
    sub.status = Submission.Status.WITHDRAWN
    submission_withdrawn.send(sender=Submission, submission=sub)
    return sub
