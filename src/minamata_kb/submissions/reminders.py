"""Reminders of open calls (seed ¶6): only to the addressees that have not submitted, each in
its recipient's language, and logged per recipient and date in `ReminderSent`.

The recipient's language is the user's preference (`Role.language`); without one, the
party's official UN language (the first of the country's official languages in the Unicode
CLDR territory data, shipped with Babel, that is one of the six UN languages; for an
organisation, its host country's); English when none of the six applies (the EU, Germany ...).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minamata_kb.accounts.mail_language import fallback_language, official_un_language
from minamata_kb.accounts.models import Role
from minamata_kb.accounts.permissions import require_secretariat
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core.actors import Actor
from minamata_kb.registry.models import Contact, Organisation
from minamata_kb.submissions.call_mail import call_body
from minamata_kb.submissions.models import Call, ReminderSent, Submission

log = logging.getLogger(__name__)

CENTRE_KINDS = {"basel_centre", "stockholm_centre", "brs_centre"}


@dataclasses.dataclass
class Addressee:
    email: str
    language: str
    party: Any = None
    organisation: Any = None
    user: Any = None


def addressees(call: Call) -> list[Addressee]:
    """Everyone the call is addressed to, one per e-mail address (a user's account first)."""
    groups = set(call.addressees or [])
    org_kinds: set[str] = set()
    if Call.Addressee.REGIONAL_CENTRES in groups:
        org_kinds |= CENTRE_KINDS
    if Call.Addressee.PARTNERS in groups:
        org_kinds |= set(Organisation.Kind.values) - CENTRE_KINDS - {"secretariat"}
    found: dict[str, Addressee] = {}

    def add(email: str, language: str, user: Any = None, **owner: Any) -> None:
        """`email` for its party or organisation `owner`, in `language` or the owner's fallback
        language; an address already added stays as it was."""
        found.setdefault(
            email.lower(),
            Addressee(email, language or fallback_language(**owner), user=user, **owner),
        )

    roles = Role.objects.select_related(
        "user", "party__country", "organisation__host_country"
    ).filter(user__is_active=True)
    users = roles.exclude(user__email="")
    if Call.Addressee.PARTIES in groups:
        for role in users.filter(kind=Role.Kind.FOCAL_POINT).order_by("user__username"):
            add(role.user.email, role.language, user=role.user, party=role.party)
    if org_kinds:
        for role in users.filter(
            kind=Role.Kind.ORG_EDITOR, organisation__kind__in=org_kinds
        ).order_by("user__username"):
            add(role.user.email, role.language, user=role.user, organisation=role.organisation)
    contacts = Contact.objects.exclude(email="").select_related(
        "party__country", "organisation__host_country"
    )
    if Call.Addressee.PARTIES in groups:
        for c in contacts.filter(party__isnull=False, is_focal_point=True).order_by("email"):
            add(c.email, "", party=c.party)
    if org_kinds:
        for c in contacts.filter(organisation__kind__in=org_kinds).order_by("email"):
            add(c.email, "", organisation=c.organisation)
    return [found[k] for k in sorted(found)]


def pending_addressees(call: Call, as_of: dt.date | None = None) -> list[Addressee]:
    """The addressees whose party or organisation has not submitted to the call (by `as_of`,
    when given: a submission recorded later with an earlier date of receipt counts then)."""
    current = Submission.objects.filter(
        call=call, is_current=True, status=Submission.Status.RECEIVED
    )
    if as_of is not None:
        current = current.filter(received_at__date__lte=as_of)
    parties = set(current.exclude(party=None).values_list("party_id", flat=True))
    orgs = set(current.exclude(organisation=None).values_list("organisation_id", flat=True))
    out = []
    for a in addressees(call):
        if a.party is not None and a.party.pk in parties:
            continue
        if a.organisation is not None and a.organisation.pk in orgs:
            continue
        out.append(a)
    return out


def reminder_message(call: Call, language: str) -> tuple[str, str]:
    """Subject and body of a call's reminder in `language` (a UI language code)."""
    with translation.override(language):
        subject = _("Reminder: %(title)s") % {"title": call.title}
        body = call_body(call, _("This is a reminder of the call for information below."))
    return subject, body


def latest_due_date(call: Call, today: dt.date) -> dt.date | None:
    """The call's latest reminder date on or before today (earlier ones are superseded)."""
    dates = sorted(dt.date.fromisoformat(d) for d in call.reminder_dates or [])
    due = [d for d in dates if d <= today]
    return due[-1] if due else None


def send_due_reminders(
    actor: Actor = None, today: dt.date | None = None
) -> list[tuple[Call, str, int]]:
    """Send each open call's latest due reminder to those who have not submitted and not yet
    had it; returns (call, reminder date, mails sent) for each call that sent any.

    Idempotent (run it daily): a recipient gets a reminder date once, by the send log. A mail
    that fails is not logged, so the next run tries it again.
    """
    if actor is not None:
        require_secretariat(actor)
    today = today or timezone.localdate()
    done: list[tuple[Call, str, int]] = []
    for call in Call.objects.filter(status=Call.Status.OPEN).order_by("pk"):
        date = latest_due_date(call, today)
        if date is None:
            continue
        with transaction.atomic():
            call = Call.objects.select_for_update().get(pk=call.pk)  # one run at a time
            already = {
                e.lower()
                for e in ReminderSent.objects.filter(call=call, reminder_date=date).values_list(
                    "email", flat=True
                )
            }
            before = snapshot(call, ["reminders_sent"])
            sent = 0
            for a in pending_addressees(call, as_of=today):
                if a.email.lower() in already:
                    continue
                subject, body = reminder_message(call, a.language)
                try:
                    EmailMessage(
                        subject=subject,
                        body=body,
                        from_email=str(settings.DEFAULT_FROM_EMAIL),
                        to=[a.email],
                        headers={"Content-Language": a.language},
                    ).send()
                except Exception:  # one unreachable address does not stop the others
                    log.exception("reminder to %s for call %s failed", a.email, call.pk)
                    continue
                ReminderSent.objects.create(
                    call=call,
                    reminder_date=date,
                    email=a.email,
                    party=a.party,
                    organisation=a.organisation,
                    user=a.user,
                    language=a.language,
                )
                sent += 1
            if sent:
                # The dates on the call follow the log: a date is there once a reminder went.
                call.reminders_sent = sorted(
                    {
                        d.isoformat()
                        for d in ReminderSent.objects.filter(call=call).values_list(
                            "reminder_date", flat=True
                        )
                    }
                )
                call.save(update_fields=["reminders_sent"])
                record_change(
                    actor,
                    ChangeRecord.Action.REMIND,
                    call,
                    before,
                    snapshot(call, ["reminders_sent"]),
                    note=f"reminder {date.isoformat()}; {sent} sent",
                )
                done.append((call, date.isoformat(), sent))
    return done


def sent_reminders(call: Call) -> list[dict[str, Any]]:
    """The send log of a call: one entry per reminder date with its recipients' count."""
    by_date: dict[str, dict[str, Any]] = {}
    for r in ReminderSent.objects.filter(call=call).order_by("reminder_date", "email"):
        entry = by_date.setdefault(
            r.reminder_date.isoformat(),
            {"date": r.reminder_date.isoformat(), "recipients": 0, "languages": {}},
        )
        entry["recipients"] += 1
        entry["languages"][r.language] = entry["languages"].get(r.language, 0) + 1
    return list(by_date.values())


__all__ = [
    "Addressee",
    "addressees",
    "fallback_language",
    "official_un_language",
    "pending_addressees",
    "send_due_reminders",
    "sent_reminders",
]
