"""The archive of the COP documents other than the note on submissions (the analysis of national
reports, the Article 14(4) technology review): where they stand (symbol, date, meeting), their
frozen input, and the files built from it. Their content is built by their own app
(`national_reports.documents`, `matching.technology`) as ``Block``s, registered in
`publishing.editions` and drawn by `publishing.render`, like every COP document; this module
is the archive `publishing.editions` hands their input and files to (provided from
DocumentsConfig.ready).

The symbol comes from the meeting's document record of that kind (`MeetingDocument`); without
one the edition carries the marked draft symbol ``UNEP/MC/COP/DRAFT`` rather than an invented
number.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from minamata_kb.accounts.permissions import require_secretariat
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.actors import Actor, recorded
from minamata_kb.documents.meetings import Meeting, MeetingDocument
from minamata_kb.documents.models import Document, Snapshot
from minamata_kb.documents.services import keep_document
from minamata_kb.documents.snapshot import checksum
from minamata_kb.publishing import render
from minamata_kb.publishing.blocks import Built
from minamata_kb.publishing.editions import DRAFT_SYMBOL, FORMATS, registered


def place(kind: str, meeting: Meeting | None = None) -> dict[str, Any]:
    """Where a document of `kind` stands, as plain data frozen with its input: the symbol and
    date of the meeting's document record (the latest meeting's when none is named), the
    meeting's name and the record's title in six languages; a marked draft symbol without one."""
    records = MeetingDocument.objects.filter(kind=kind).select_related("meeting")
    if meeting is not None:
        records = records.filter(meeting=meeting)
    record = records.order_by("-meeting__number", "symbol").first()
    if record is None:
        return {"symbol": DRAFT_SYMBOL, "draft": True, "date": None, "meeting": None,
                "meeting_name": {}, "title": {}, "original": "en"}  # fmt: skip
    return {
        "symbol": record.symbol,
        "draft": False,
        "date": record.date.isoformat(),
        "meeting": record.meeting.pk,
        "meeting_name": dict(record.meeting.name or {}),
        "title": dict(record.title or {}),
        "original": record.original_language,
        "record": record.pk,
    }


@transaction.atomic
def freeze(
    actor: Actor, kind: str, data: dict[str, Any], meeting: Meeting | None = None
) -> Snapshot:
    """Freeze a document's input (with where it stands) into a Snapshot; unchanged input reuses
    the latest snapshot of the same kind."""
    if actor is not None:
        require_secretariat(actor)
    where = place(kind, meeting)
    frozen = {"document_kind": kind, "place": where, **data}
    digest = checksum(frozen)
    same = Snapshot.objects.filter(checksum=digest, call__isnull=True).order_by("-taken_at").first()
    if same is not None and same.data.get("document_kind") == kind:
        return same
    frozen["taken_at"] = timezone.now().isoformat()
    snap = Snapshot.objects.create(
        meeting_id=where.get("meeting"), taken_by=recorded(actor), data=frozen,
        checksum=digest,
    )  # fmt: skip
    record_change(actor, ChangeRecord.Action.CREATE, snap, None, {"kind": kind, "checksum": digest})
    return snap


def keep(
    actor: Actor, snap: Snapshot, kind: str, lang: str, fmt: str, built: Built
) -> tuple[Document, bytes]:
    """Draw a built edition and keep the file as a Document of its meeting document record."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    data, _images = render.render(built, fmt)
    record = snap.data.get("place", {}).get("record")
    doc = keep_document(
        actor, snap, kind=kind, lang=lang, fmt=fmt, data=data, filename=f"{kind}-{lang}.{fmt}",
        meeting_document_id=record,
    )  # fmt: skip
    return doc, data


def generate(
    actor: Actor, kind: str, lang: str, fmt: str, meeting: Meeting | None = None, **options: Any
) -> tuple[Document, bytes]:
    """Freeze, build and keep one edition of the national-reports analysis or technology review."""
    if actor is not None:
        require_secretariat(actor)
    kinds = registered()
    try:
        collect, build = kinds[kind]
    except KeyError:
        raise ValueError(
            f"document kind {kind!r} is not available (its app is not installed); "
            f"expected one of {', '.join(sorted(kinds))}"
        ) from None
    snap = freeze(actor, kind, collect(**options), meeting)
    return keep(actor, snap, kind, lang, fmt, build(snap.data | {"snapshot": snap.pk}, lang))
