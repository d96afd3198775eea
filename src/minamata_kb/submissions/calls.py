"""Calls for information: drafted, issued (mail to the addressees), closed (seed ¶6); the
reminders of open calls are in reminders.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import (
    require_secretariat,
)
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core.actors import Actor
from minamata_kb.submissions import reminders
from minamata_kb.submissions.call_mail import call_body
from minamata_kb.submissions.models import Call


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
    """E-mail addresses of the call's addressee groups (focal points, centres, partners): the
    reminders' addressees (reminders.addressees), one per address."""
    return sorted(a.email for a in reminders.addressees(call))


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
