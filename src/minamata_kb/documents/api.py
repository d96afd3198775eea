"""HTTP API of the documents app (mounted under /api/v1/): built documents and snapshots."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from minamata_kb.core.filetext import clip
from minamata_kb.core.listing import Listing, listing
from minamata_kb.documents.meetings import Meeting
from minamata_kb.documents.selectors import visible_documents, visible_snapshots

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    call: int | None  # None: built from a meeting's or another document's snapshot
    meeting_document: str | None  # the symbol, for editions of a meeting's documents
    snapshot: int
    kind: str
    language: str
    format: str
    sha256: str
    created_at: str
    url: str


class SnapshotOut(Schema):
    id: int
    call: int | None
    meeting: int | None
    taken_at: str
    checksum: str
    data: dict[str, Any]


@router.get("/documents", response=Listing[DocumentOut])
def list_documents(request: HttpRequest, call: int | None = None) -> dict[str, Any]:
    """COP documents built so far (public)."""
    qs = visible_documents(request.user)
    if call is not None:
        qs = qs.filter(snapshot__call_id=call)
    return listing(
        (
            {
                "id": d.pk,
                "call": d.snapshot.call_id,
                "meeting_document": d.meeting_document.symbol if d.meeting_document else None,
                "snapshot": d.snapshot_id,
                "kind": d.kind,
                "language": d.language,
                "format": d.format,
                "sha256": d.sha256,
                "created_at": d.created_at.isoformat(),
                "url": f"/documents/{d.pk}/download/",
            }
            for d in qs.select_related("snapshot", "meeting_document")[:500]
        ),
        count=qs.count(),
    )


@router.get("/snapshots/{snapshot_id}", response=SnapshotOut)
def get_snapshot(request: HttpRequest, snapshot_id: int) -> dict[str, Any]:
    """The frozen data behind a document (the records every figure was counted from)."""
    snap = visible_snapshots(request.user).filter(pk=snapshot_id).first()
    if snap is None:
        raise Http404("No such snapshot.")
    return {
        "id": snap.pk,
        "call": snap.call_id,
        "meeting": snap.meeting_id,
        "taken_at": snap.taken_at.isoformat(),
        "checksum": snap.checksum,
        "data": _clipped(snap.data),
    }


def _clipped(data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with each submission's text cut at one page (files.TEXT_PAGE_CHARS), marked
    and linked to the submission's page, where the rest is; the checksum is of the whole. A
    meeting's snapshot holds its call's data under "submissions"."""
    if isinstance(data.get("submissions"), dict):
        return {**data, "submissions": _clipped(data["submissions"])}
    subs = []
    for sub in data.get("submissions") or []:
        text, cut = clip(str(sub.get("text") or ""))
        extra: dict[str, Any] = {
            "text_truncated": cut,
            "text_length": len(str(sub.get("text") or "")),
        }
        if cut:
            extra["text_url"] = f"/submissions/s/{sub.get('id')}/"
        subs.append({**sub, "text": text, **extra})
    return {**data, "submissions": subs} if "submissions" in data else data


class MeetingDocumentOut(Schema):
    symbol: str
    kind: str
    agenda_item: str | None
    date: str
    original_language: str
    title: dict[str, str]


class MeetingOut(Schema):
    id: int
    number: int
    name: dict[str, str]
    venue: dict[str, str]
    start_date: str
    end_date: str
    agenda_items: list[dict[str, Any]]
    documents: list[MeetingDocumentOut]


@router.get("/meetings", response=Listing[MeetingOut])
def list_meetings(request: HttpRequest) -> dict[str, Any]:
    """COP meetings with their agenda items and documents (symbols, titles in six languages)."""
    out = []
    for m in Meeting.objects.prefetch_related("agenda_items", "documents__agenda_item"):
        out.append(
            {
                "id": m.pk,
                "number": m.number,
                "name": m.name,
                "venue": m.venue or {},
                "start_date": m.start_date.isoformat(),
                "end_date": m.end_date.isoformat(),
                "agenda_items": [
                    {"number": i.number, "title": i.title} for i in m.agenda_items.all()
                ],
                "documents": [
                    {
                        "symbol": d.symbol,
                        "kind": d.kind,
                        "agenda_item": d.agenda_item.number if d.agenda_item else None,
                        "date": d.date.isoformat(),
                        "original_language": d.original_language,
                        "title": d.title,
                    }
                    for d in m.documents.all()
                ],
            }
        )
    return listing(out)
