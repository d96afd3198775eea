"""A call's counted data as plain data: its submissions, confirmed statements and the labels
they use (what the note on submissions and the programme note's Section II are built from).
`snapshot` freezes it; the programme note's data include it."""

from __future__ import annotations

from typing import Any

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.submissions import selectors
from minamata_kb.submissions.models import Call
from minamata_kb.taxonomy.models import Channel, StatementRole, Topic


def _names(obj: Any, field: str = "name") -> dict[str, str]:
    en = getattr(obj, f"{field}_en", "") or ""
    return {lang: getattr(obj, f"{field}_{lang}", "") or en for lang in CONTENT_LANGUAGES}


def _party(party: Any) -> dict[str, Any] | None:
    if party is None:
        return None
    source = party.country if party.country_id else party
    return {"code": party.code, "names": _names(source)}


def _organisation(org: Any) -> dict[str, Any] | None:
    return {"slug": org.slug, "name": org.name, "kind": org.kind} if org is not None else None


def _meeting_texts(call: Call) -> tuple[dict[str, str], dict[str, str]]:
    """The call's title and meeting name in six languages, from the meeting document that
    reports on the call (a submissions note first, else the programme note, else any)."""
    docs = list(call.meeting_documents.select_related("meeting"))
    order = {"submissions_note": 0, "programme_note": 1}
    docs.sort(key=lambda d: (order.get(d.kind, 2), d.symbol))
    if not docs:
        return {"en": call.title}, ({"en": call.meeting} if call.meeting else {})
    return dict(docs[0].title), dict(docs[0].meeting.name)


def call_data(call: Call) -> dict[str, Any]:
    """The call's counted submissions and confirmed statements as plain data."""
    titles, meeting_names = _meeting_texts(call)
    subs = list(selectors.counted_submissions(call).order_by("received_at", "id"))
    statements = list(selectors.counted_statements(call).order_by("submission_id", "position"))
    return {
        "call": {
            "id": call.pk,
            "decision": call.decision,
            "title": call.title,
            "titles": titles,
            "meeting": call.meeting,
            "meeting_names": meeting_names,
            "letter_date": call.letter_date.isoformat() if call.letter_date else None,
            "deadline": call.deadline.isoformat(),
            # The send log only (ReminderSent): a planned reminder is not a reminder sent.
            "reminders_sent": sorted(
                {d.isoformat() for d in call.reminder_log.values_list("reminder_date", flat=True)}
            ),
            "reminders_planned": sorted(call.reminder_dates or []),
            "addressees": list(call.addressees or []),
            "note_symbol": call.note_symbol,
            "annex_symbol": call.annex_symbol,
        },
        "submissions": [
            {
                "id": s.pk,
                "version": s.version,
                "party": _party(s.party),
                "organisation": _organisation(s.organisation),
                "title": s.title,
                "received_at": s.received_at.isoformat(),
                "late": s.late,
                "language": s.language,
                "original_name": s.original_name,
                "content_type": s.content_type,
                "sha256": s.sha256,
                "text": s.text,
            }
            for s in subs
        ],
        "statements": [
            {
                "id": st.pk,
                "submission": st.submission_id,
                "role": st.role,
                "topics": sorted(t.slug for t in st.topics.all()),
                "articles": sorted(a.number for a in st.articles.all()),
                "countries": sorted(c.iso3 for c in st.countries.all()),
                "channel": st.channel.slug if st.channel_id else "",  # type: ignore[union-attr]
                "amount": str(st.amount) if st.amount is not None else None,
                "currency": st.currency,
            }
            for st in statements
        ],
        "topics": {
            t.slug: {"names": _names(t), "position": t.position} for t in Topic.objects.all()
        },
        "roles": {r.slug: _names(r) for r in StatementRole.objects.all()},
        "channels": {c.slug: _names(c) for c in Channel.objects.all()},
        # JSON objects keep no key order in PostgreSQL (jsonb): orders are lists.
        "channel_order": list(
            Channel.objects.order_by("position", "slug").values_list("slug", flat=True)
        ),
    }
