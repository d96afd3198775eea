"""Writes of the submissions app: calls, submissions, statement proposals and their review.

Every function takes the acting user, checks what that user may do before writing anything,
runs in one transaction and leaves an audit record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.models import Role
from minamata_kb.accounts.permissions import (
    can_act_for_organisation,
    can_act_for_party,
    can_edit,
    is_secretariat,
    require_secretariat,
)
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core import files
from minamata_kb.core.actors import Actor, recorded
from minamata_kb.core.languages import detect_language
from minamata_kb.core.sanitize import plain_text
from minamata_kb.registry.models import Contact, Country, Organisation
from minamata_kb.submissions import reminders
from minamata_kb.submissions.call_mail import call_body
from minamata_kb.submissions.models import Call, Statement, Submission

# The background work's bodies (processing.py), offered here too: officers' pages, the API and
# the demo propose statements through services.
from minamata_kb.submissions.processing import (  # noqa: F401
    FORM_ROLES,
    PROPOSAL_CHARS,
    label_form_statements,
    propose_statements,
    statement_state,
)
from minamata_kb.submissions.tasks import (
    schedule_extraction,
    schedule_form_labels,
    schedule_proposals,
)
from minamata_kb.taxonomy.models import Article, Channel, StatementRole, Topic

CENTRE_KINDS = {"basel_centre", "stockholm_centre", "brs_centre"}

# --------------------------------------------------------------------------- calls


@transaction.atomic
def create_call(actor: Actor, **fields: Any) -> Call:
    """Create a call in draft (secretariat only)."""
    require_secretariat(actor)
    call = Call(**fields)
    call.full_clean()
    call.save()
    record_change(actor, ChangeRecord.Action.CREATE, call, None, snapshot(call))
    return call


def recipients(call: Call) -> list[str]:
    """E-mail addresses of the call's addressee groups (focal points, centres, partners)."""
    from django.contrib.auth import get_user_model

    groups = set(call.addressees or [])
    emails: set[str] = set()
    contacts = Contact.objects.exclude(email="")
    users = get_user_model().objects.exclude(email="").filter(is_active=True)
    if Call.Addressee.PARTIES in groups:
        emails |= set(
            contacts.filter(party__isnull=False, is_focal_point=True).values_list(
                "email", flat=True
            )
        )
        emails |= set(
            users.filter(role__kind=Role.Kind.FOCAL_POINT).values_list("email", flat=True)
        )
    org_kinds: set[str] = set()
    if Call.Addressee.REGIONAL_CENTRES in groups:
        org_kinds |= CENTRE_KINDS
    if Call.Addressee.PARTNERS in groups:
        org_kinds |= set(Organisation.Kind.values) - CENTRE_KINDS - {"secretariat"}
    if org_kinds:
        emails |= set(
            contacts.filter(organisation__kind__in=org_kinds).values_list("email", flat=True)
        )
        emails |= set(
            users.filter(
                role__kind=Role.Kind.ORG_EDITOR, role__organisation__kind__in=org_kinds
            ).values_list("email", flat=True)
        )
    return sorted(emails)


def _mail(call: Call, subject: str, body: str) -> int:
    to = recipients(call)
    if not to:
        return 0
    sender = str(settings.DEFAULT_FROM_EMAIL)
    EmailMessage(subject=subject, body=body, from_email=sender, to=[sender], bcc=to).send()
    return len(to)


@transaction.atomic
def issue_call(actor: Actor, call: Call, today: dt.date | None = None) -> int:
    """Open a draft call and e-mail its addressees; returns the number of recipients."""
    require_secretariat(actor)
    if call.status != Call.Status.DRAFT:
        raise ValidationError(_("Only a draft call can be issued."))
    before = snapshot(call)
    call.status = Call.Status.OPEN
    call.issued_at = timezone.now()
    if not call.letter_date:
        call.letter_date = today or timezone.localdate()
    call.save()
    sent = _mail(
        call,
        _("Call for information: %(title)s") % {"title": call.title},
        call_body(call, _("The secretariat invites you to submit information.")),
    )
    record_change(
        actor,
        ChangeRecord.Action.TRANSITION,
        call,
        before,
        snapshot(call),
        note=f"issued; {sent} mailed",
    )
    return sent


@transaction.atomic
def close_call(actor: Actor, call: Call) -> Call:
    """Close an open call (late submissions are still accepted and flagged)."""
    require_secretariat(actor)
    before = snapshot(call)
    call.status = Call.Status.CLOSED
    call.save()
    record_change(
        actor, ChangeRecord.Action.TRANSITION, call, before, snapshot(call), note="closed"
    )
    return call


def send_due_reminders(
    actor: Actor = None, today: dt.date | None = None
) -> list[tuple[Call, str, int]]:
    """Reminders to the addressees that have not submitted, each in its language, logged per
    recipient and date (submissions/reminders.py)."""
    return reminders.send_due_reminders(actor, today=today)


# --------------------------------------------------------------------------- submissions


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


def _render_parts(parts: list[dict[str, Any]]) -> str:
    """The plain-text original of a web-form submission (what the COP annex reproduces)."""
    names = dict(StatementRole.objects.values_list("slug", "name_en"))
    out = []
    for i, part in enumerate(parts, 1):
        head = f"{i}. {names.get(part['role'], part['role'])}"
        out.append(head)
        out.append(part["text"])
        meta = []
        for key in ("articles", "topics", "countries"):
            if part.get(key):
                meta.append(f"{key}: {', '.join(str(v) for v in part[key])}")
        for key in ("channel", "amount", "currency", "period_start", "period_end"):
            if part.get(key):
                meta.append(f"{key}: {part[key]}")
        if meta:
            out.append("[" + "; ".join(meta) + "]")
        out.append("")
    return "\n".join(out).strip() + "\n"


def _items(value: Any) -> list[Any] | None:
    """The items of a list field: nothing is an empty list; anything but a list is None."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return None


def _article_numbers(value: Any) -> list[int] | None:
    """Article numbers (ints or digit strings); None when any item is not one."""
    items = _items(value)
    if items is None:
        return None
    numbers = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int | str):
            return None
        text = str(item).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 4:
            return None
        numbers.append(int(text))
    return numbers


def _texts(value: Any) -> list[str] | None:
    """Slugs or codes: a list of strings (numbers allowed); None for anything else."""
    items = _items(value)
    if items is None or any(isinstance(i, list | dict | bool) or i is None for i in items):
        return None
    return [str(i) for i in items]


def _amount(value: Any) -> Decimal:
    """A finite, non-negative amount that fits the amount columns; InvalidOperation if not."""
    if isinstance(value, bool | list | dict):
        raise InvalidOperation
    number = Decimal(str(value).strip())
    if not number.is_finite() or number < 0 or number >= Decimal(10) ** 14:
        raise InvalidOperation
    return number


def clean_parts(raw: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate web-form parts; raise ValidationError naming the part and field at fault."""
    parts: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    known_articles = set(Article.objects.values_list("number", flat=True))
    known_topics = set(Topic.objects.values_list("slug", flat=True))
    known_channels = set(Channel.objects.values_list("slug", flat=True))
    known_countries = set(Country.objects.values_list("iso3", flat=True))
    for i, item in enumerate(raw, 1):
        where = f"part {i}"
        if not isinstance(item, dict):
            errors.setdefault(where, []).append(_("Each part must be an object."))
            continue
        text = plain_text(str(item.get("text") or ""))
        if not text:
            continue
        role = str(item.get("role") or "")
        if role not in FORM_ROLES:
            errors.setdefault(f"{where}.role", []).append(_("Choose what this part describes."))
        part: dict[str, Any] = {"role": role, "text": text}
        arts = _article_numbers(item.get("articles"))
        if arts is None or set(arts) - known_articles:
            errors.setdefault(f"{where}.articles", []).append(_("Unknown article."))
            arts = []
        tops = _texts(item.get("topics"))
        if tops is None or set(tops) - known_topics:
            errors.setdefault(f"{where}.topics", []).append(_("Unknown topic."))
            tops = []
        codes = _texts(item.get("countries"))
        ctry = [c.upper() for c in codes or []]
        if codes is None or set(ctry) - known_countries:
            errors.setdefault(f"{where}.countries", []).append(_("Unknown country code."))
        channel = str(item.get("channel") or "")
        if channel and channel not in known_channels:
            errors.setdefault(f"{where}.channel", []).append(_("Unknown channel."))
        part.update(articles=sorted(arts), topics=tops, countries=ctry, channel=channel)
        amount = item.get("amount")
        if amount not in (None, ""):
            try:
                part["amount"] = str(_amount(amount))
            except InvalidOperation:
                errors.setdefault(f"{where}.amount", []).append(_("Give a positive number."))
            currency = str(item.get("currency") or "").upper()
            if not re.fullmatch(r"[A-Z]{3}", currency):
                errors.setdefault(f"{where}.currency", []).append(
                    _("Give the three-letter currency code (e.g. USD).")
                )
            part["currency"] = currency
        for key in ("period_start", "period_end"):
            value = item.get(key)
            if value:
                try:
                    part[key] = dt.date.fromisoformat(str(value)).isoformat()
                except ValueError:
                    errors.setdefault(f"{where}.{key}", []).append(_("Give a date as YYYY-MM-DD."))
        if part.get("period_start") and part.get("period_end"):
            if part["period_end"] < part["period_start"]:
                errors.setdefault(f"{where}.period_end", []).append(
                    _("The period ends before it starts.")
                )
        parts.append(part)
    if errors:
        raise ValidationError(errors)
    if not parts:
        raise ValidationError(_("Write at least one part, or upload a file."))
    return parts


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
    state = files.State.DONE if read is not None else files.State.PENDING
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
            read = files.extract("txt", checked.data) if checked.kind == "txt" else None
            if read is not None and read.error:
                raise files.UploadRejected(files.failure_message(read.error), code=read.error)
            return cls(
                checked.data, checked.name, checked.content_type, read, Submission.Via.UPLOAD, []
            )
        clean = clean_parts(parts or [])
        data = _render_parts(clean).encode("utf-8")
        return cls(
            data, "web-form.txt", files.TXT, files.extract("txt", data), Submission.Via.FORM, clean
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
    if state == files.State.PENDING:
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
    return sub


# --------------------------------------------------------------------------- statements


EDITABLE = ("role", "text", "articles", "topics", "countries", "channel", "amount", "currency")


@transaction.atomic
def review_statement(
    actor: Actor, st: Statement, decision: str, changes: dict[str, Any] | None = None
) -> Statement:
    """Confirm, edit (and confirm) or reject a proposed statement (secretariat only)."""
    require_secretariat(actor)
    if decision not in ("confirm", "edit", "reject"):
        raise ValidationError(_("Unknown decision."))
    before = statement_state(st)
    if decision == "edit":
        _apply_changes(st, changes or {})
    st.status = Statement.Status.REJECTED if decision == "reject" else Statement.Status.CONFIRMED
    st.reviewed_by = recorded(actor)
    st.reviewed_at = timezone.now()
    st.full_clean(exclude=["submission", "reviewed_by", "channel"])
    st.save()
    record_change(
        actor, ChangeRecord.Action.TRANSITION, st, before, statement_state(st), note=decision
    )
    return st


BULK_DECISIONS = ("confirm", "reject")
BULK_LIMIT = 500  # statements decided in one request at most


@transaction.atomic
def review_statements(actor: Actor, ids: Iterable[Any], decision: str) -> list[Statement]:
    """Confirm or reject many proposed statements at once (secretariat only): all of them or,
    on any refusal, none. Each gets its own audit record, as when decided one by one; only
    statements still waiting for review (proposed, of a received submission) are taken."""
    require_secretariat(actor)
    if decision not in BULK_DECISIONS:
        raise ValidationError(_("Unknown decision."))
    wanted = _statement_ids(ids)
    found = list(
        Statement.objects.select_for_update()
        .filter(pk__in=wanted)
        .order_by("submission_id", "position", "id")
    )
    if len(found) != len(wanted):
        raise ValidationError(_("Some of the selected statements no longer exist."))
    waiting = set(
        Statement.objects.filter(
            pk__in=wanted,
            status=Statement.Status.PROPOSED,
            submission__status=Submission.Status.RECEIVED,
        ).values_list("pk", flat=True)
    )
    if waiting != wanted:
        raise ValidationError(
            _(
                "Some of the selected statements were decided meanwhile or their submission "
                "was withdrawn; nothing was changed."
            )
        )
    return [review_statement(actor, st, decision) for st in found]


def _statement_ids(ids: Iterable[Any]) -> set[int]:
    """The statement ids of a bulk request: digits only, at least one, at most BULK_LIMIT."""
    wanted: set[int] = set()
    for raw in ids:
        text = str(raw).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 18:
            raise ValidationError(_("Unknown statement."))
        wanted.add(int(text))
    if not wanted:
        raise ValidationError(_("Select at least one statement."))
    if len(wanted) > BULK_LIMIT:
        raise ValidationError(_("Decide at most %(n)s statements at a time.") % {"n": BULK_LIMIT})
    return wanted


@transaction.atomic
def reopen_rejected(actor: Actor, ids: Iterable[Any]) -> list[Statement]:
    """Undo a rejection: the statements wait for review again (secretariat only; all of them
    or none; one audit record each). Only rejected statements of received submissions."""
    require_secretariat(actor)
    wanted = _statement_ids(ids)
    found = list(
        Statement.objects.select_for_update()
        .filter(
            pk__in=wanted,
            status=Statement.Status.REJECTED,
            submission__status=Submission.Status.RECEIVED,
        )
        .order_by("submission_id", "position", "id")
    )
    if len(found) != len(wanted):
        raise ValidationError(
            _("Some of these statements are no longer rejected; nothing was changed.")
        )
    for st in found:
        before = statement_state(st)
        st.status = Statement.Status.PROPOSED
        st.reviewed_by = None
        st.reviewed_at = None
        st.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        record_change(
            actor, ChangeRecord.Action.TRANSITION, st, before, statement_state(st), note="reopened"
        )
    return found


def _apply_changes(st: Statement, changes: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if "role" in changes:
        role = str(changes["role"])
        if not StatementRole.objects.filter(slug=role).exists():
            errors["role"] = [_("Unknown role.")]
        st.role = role
    if "text" in changes:
        text = plain_text(str(changes["text"]))
        if not text:
            errors["text"] = [_("The statement needs its text.")]
        st.text = text
    if "channel" in changes:
        slug = str(changes["channel"] or "")
        st.channel = Channel.objects.filter(slug=slug).first() if slug else None
        if slug and st.channel is None:
            errors["channel"] = [_("Unknown channel.")]
    if "amount" in changes:
        raw = changes["amount"]
        try:
            st.amount = _amount(raw) if raw not in (None, "") else None
        except InvalidOperation:
            errors["amount"] = [_("Give a number.")]
    if "currency" in changes:
        st.currency = str(changes["currency"] or "").upper()[:3]
    for key in ("period_start", "period_end"):
        if key in changes:
            raw = changes[key]
            try:
                setattr(st, key, dt.date.fromisoformat(str(raw)) if raw else None)
            except ValueError:
                errors[key] = [_("Give a date as YYYY-MM-DD.")]
    m2m: dict[str, Any] = {}
    if "articles" in changes:
        nums = _article_numbers(changes["articles"])
        m2m["articles"] = list(Article.objects.filter(number__in=nums or []))
        if nums is None or len(m2m["articles"]) != len(set(nums)):
            errors["articles"] = [_("Unknown article.")]
    if "topics" in changes:
        slugs = _texts(changes["topics"])
        m2m["topics"] = list(Topic.objects.filter(slug__in=slugs or []))
        if slugs is None or len(m2m["topics"]) != len(set(slugs)):
            errors["topics"] = [_("Unknown topic.")]
    if "countries" in changes:
        codes = [c.upper() for c in _texts(changes["countries"]) or []]
        m2m["countries"] = list(Country.objects.filter(iso3__in=codes))
        if _texts(changes["countries"]) is None or len(m2m["countries"]) != len(set(codes)):
            errors["countries"] = [_("Unknown country code.")]
    if errors:
        raise ValidationError(errors)
    for name, values in m2m.items():
        getattr(st, name).set(values)


@transaction.atomic
def add_statement(actor: Actor, sub: Submission, role: str, text: str, **changes: Any) -> Statement:
    """An officer adds a statement the classifier missed (confirmed at once)."""
    require_secretariat(actor)
    st = Statement(submission=sub, role="", text="", source=Statement.Source.OFFICER)
    st.position = 2000 + sub.statements.count()
    st.save()
    _apply_changes(st, {"role": role, "text": text, **changes})
    st.status = Statement.Status.CONFIRMED
    st.reviewed_by = recorded(actor)
    st.reviewed_at = timezone.now()
    st.save()
    record_change(actor, ChangeRecord.Action.CREATE, st, None, statement_state(st))
    return st
