"""The officers' review of statements: confirm, reject, edit, reopen, take back, add (one
transaction and an audit record each)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextvars import ContextVar
from decimal import InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import (
    require_secretariat,
)
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.actors import Actor, recorded
from minamata_kb.core.sanitize import plain_text
from minamata_kb.registry.models import Country
from minamata_kb.submissions.models import Statement, Submission
from minamata_kb.submissions.parts import amount_of, article_numbers, texts_of
from minamata_kb.submissions.processing import statement_state
from minamata_kb.taxonomy.models import Article, Channel, StatementRole, Topic

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


# The change records written while a statement is taken back (see `take_back`): what the apps
# that follow statements did in the same transaction (matching retracts the statement's need),
# told without knowing them. One list per thread or task; None when nobody is listening.
_effects: ContextVar[list[ChangeRecord] | None] = ContextVar("review_effects", default=None)


def _written(sender: Any, instance: ChangeRecord, created: bool = False, raw: bool = False,
             **kwargs: Any) -> None:  # fmt: skip
    made = _effects.get()
    if made is not None and created and not raw:
        made.append(instance)


post_save.connect(
    _written, sender=ChangeRecord, weak=False, dispatch_uid="submissions_review_effects"
)

TAKE_BACK = ("reject", "reopen")


@transaction.atomic
def take_back(actor: Actor, st: Statement, then: str) -> tuple[Statement, list[ChangeRecord]]:
    """Take back a confirmed statement (secretariat only), through the review's own rules:
    reject it ("reject"), or reject it and put it back among the statements waiting for
    review ("reopen", as the undo of a rejection does). Refused, nothing changed, when it is no
    longer confirmed. Returns the statement and the change records its rejection set off
    elsewhere in the same transaction (a need drawn from it retracted)."""
    require_secretariat(actor)
    if then not in TAKE_BACK:
        raise ValidationError(_("Unknown decision."))
    locked = Statement.objects.select_for_update().filter(pk=st.pk).first()
    if locked is None or locked.status != Statement.Status.CONFIRMED:
        raise ValidationError(
            _("This statement is no longer confirmed (decided meanwhile); nothing was changed.")
        )
    token = _effects.set([])
    try:
        review_statement(actor, locked, "reject")
        if then == "reopen":
            reopen_rejected(actor, [locked.pk])
        made = _effects.get() or []
    finally:
        _effects.reset(token)
    locked.refresh_from_db()
    return locked, [r for r in made if r.entity != Statement._meta.label_lower]


def retracted_needs(effects: Iterable[ChangeRecord]) -> list[int]:
    """The needs a take-back retracted, by number, among the change records it set off."""
    return [
        int(r.object_id)
        for r in effects
        if r.entity == "matching.need" and r.note == "retracted" and r.object_id.isdigit()
    ]


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
            st.amount = amount_of(raw) if raw not in (None, "") else None
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
        nums = article_numbers(changes["articles"])
        m2m["articles"] = list(Article.objects.filter(number__in=nums or []))
        if nums is None or len(m2m["articles"]) != len(set(nums)):
            errors["articles"] = [_("Unknown article.")]
    if "topics" in changes:
        slugs = texts_of(changes["topics"])
        m2m["topics"] = list(Topic.objects.filter(slug__in=slugs or []))
        if slugs is None or len(m2m["topics"]) != len(set(slugs)):
            errors["topics"] = [_("Unknown topic.")]
    if "countries" in changes:
        codes = [c.upper() for c in texts_of(changes["countries"]) or []]
        m2m["countries"] = list(Country.objects.filter(iso3__in=codes))
        if texts_of(changes["countries"]) is None or len(m2m["countries"]) != len(set(codes)):
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
