"""Generate COP documents from a call's frozen snapshot and keep the files built."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from minamata_kb.accounts.permissions import require_secretariat
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.actors import Actor, recorded
from minamata_kb.documents import builders, programme_note
from minamata_kb.documents.models import Document, Snapshot
from minamata_kb.documents.snapshot import take_meeting_snapshot, take_snapshot
from minamata_kb.publishing import render
from minamata_kb.submissions.models import Call

FORMATS = ("docx", "pdf", "md")
KINDS = ("note", "annex")


def build_bytes(
    snap: Snapshot, kind: str, lang: str, fmt: str, draft: bool = False
) -> tuple[bytes, dict[str, bytes]]:
    """The document's bytes (and Markdown images) built from a snapshot."""
    built = builders.build(kind, snap.data, lang, snap.pk, draft=draft)
    return render.render(built, fmt)


def keep_document(
    actor: Actor,
    snap: Snapshot,
    *,
    kind: str,
    lang: str,
    fmt: str,
    data: bytes,
    filename: str,
    meeting_document_id: int | None = None,
) -> Document:
    """Keep one built edition as a Document of its snapshot, with its checksum and an audit
    record (every COP document kind is kept this way)."""
    with transaction.atomic():
        doc = Document(
            snapshot=snap,
            meeting_document_id=meeting_document_id,
            kind=kind,
            language=lang,
            format=fmt,
            sha256=hashlib.sha256(data).hexdigest(),
            created_by=recorded(actor),
        )
        doc.file.save(filename, ContentFile(data), save=False)
        doc.save()
        record_change(
            actor,
            ChangeRecord.Action.CREATE,
            doc,
            None,
            {"snapshot": snap.pk, "sha256": doc.sha256},
        )
    return doc


def generate(
    actor: Actor,
    call: Call,
    kind: str,
    lang: str,
    fmt: str,
    snap: Snapshot | None = None,
    draft: bool = False,
) -> tuple[Document, bytes, dict[str, bytes]]:
    """Freeze the call (or use `snap`), build one document and keep it as a Document."""
    if actor is not None:
        require_secretariat(actor)
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(f"unknown kind or format: {kind} {fmt}")
    snap = snap or take_snapshot(actor, call)
    data, images = build_bytes(snap, kind, lang, fmt, draft)
    doc = keep_document(
        actor, snap, kind=kind, lang=lang, fmt=fmt, data=data,
        filename=f"call{call.pk}-{kind}-{lang}.{fmt}",
    )  # fmt: skip
    return doc, data, images


def programme_note_bytes(
    snap: Snapshot, kind: str, lang: str, fmt: str, *, internal: bool = False, draft: bool = False
) -> tuple[bytes, dict[str, bytes]]:
    """An edition of the programme note (`note`) or of its compilation of submissions (`annex`)
    built from a meeting snapshot."""
    if kind == "note":
        built = programme_note.build(
            snap.data, lang, snapshot_id=snap.pk, internal=internal, draft=draft
        )
    elif kind == "annex":
        calls = snap.data.get("submissions")
        if not calls:
            raise ValueError("the note has no call for information, so there is no annex")
        annex = [d for d in snap.data["documents"] if d["kind"] == "annex"]
        call = {**calls["call"], "annex_symbol": annex[0]["symbol"] if annex else ""}
        built = builders.build("annex", {**calls, "call": call}, lang, draft=draft)
    else:
        raise ValueError(f"unknown kind {kind!r}: expected note or annex")
    return render.render(built, fmt)


def generate_programme_note(
    actor: Actor,
    note: Any,
    kind: str,
    lang: str,
    fmt: str,
    *,
    internal: bool = False,
    draft: bool = False,
    snap: Snapshot | None = None,
) -> tuple[Document, bytes, dict[str, bytes]]:
    """Freeze the meeting (or use `snap`), build one edition, keep it as a Document."""
    if actor is not None:
        require_secretariat(actor)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    snap = snap or take_meeting_snapshot(actor, note)
    data, images = programme_note_bytes(snap, kind, lang, fmt, internal=internal, draft=draft)
    tag = "-internal" if internal else ("-draft" if draft else "")
    doc = keep_document(
        actor, snap, kind="programme_note" if kind == "note" else "annex", lang=lang, fmt=fmt,
        data=data, filename=f"{note.symbol.replace('/', '-')}-{kind}{tag}-{lang}.{fmt}",
        meeting_document_id=note.pk,
    )  # fmt: skip
    return doc, data, images
