"""HTTP API of the documents app (mounted under /api/v1/): built documents and snapshots."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from minamata_kb.documents.selectors import visible_documents, visible_snapshots

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    call: int
    snapshot: int
    kind: str
    language: str
    format: str
    sha256: str
    created_at: str
    url: str


class SnapshotOut(Schema):
    id: int
    call: int
    taken_at: str
    checksum: str
    data: dict[str, Any]


@router.get("/documents", response=list[DocumentOut])
def list_documents(request: HttpRequest, call: int | None = None) -> list[dict[str, Any]]:
    """COP documents built so far (public)."""
    qs = visible_documents(request.user)
    if call is not None:
        qs = qs.filter(snapshot__call_id=call)
    return [
        {
            "id": d.pk,
            "call": d.snapshot.call_id,
            "snapshot": d.snapshot_id,
            "kind": d.kind,
            "language": d.language,
            "format": d.format,
            "sha256": d.sha256,
            "created_at": d.created_at.isoformat(),
            "url": f"/documents/{d.pk}/download/",
        }
        for d in qs[:500]
    ]


@router.get("/snapshots/{snapshot_id}", response=SnapshotOut)
def get_snapshot(request: HttpRequest, snapshot_id: int) -> dict[str, Any]:
    """The frozen data behind a document (the records every figure was counted from)."""
    snap = visible_snapshots(request.user).filter(pk=snapshot_id).first()
    if snap is None:
        raise Http404("No such snapshot.")
    return {
        "id": snap.pk,
        "call": snap.call_id,
        "taken_at": snap.taken_at.isoformat(),
        "checksum": snap.checksum,
        "data": _clipped(snap.data),
    }


def _clipped(data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with each submission's text cut at one page (files.TEXT_PAGE_CHARS), marked
    and linked to the submission's page, where the rest is; the checksum is of the whole."""
    from minamata_kb.core.files import clip

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
