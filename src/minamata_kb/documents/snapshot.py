"""Freeze a call's counted data into a Snapshot (what every COP figure is computed from)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from minamata_kb.accounts.permissions import require_secretariat
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.actors import Actor, recorded
from minamata_kb.documents.call_data import call_data
from minamata_kb.documents.models import Snapshot
from minamata_kb.documents.programme_note.data import meeting_data
from minamata_kb.submissions.models import Call


def checksum(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the data."""
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def take_snapshot(actor: Actor, call: Call) -> Snapshot:
    """Freeze the call's data; an unchanged call reuses its latest snapshot."""
    if actor is not None:
        require_secretariat(actor)
    data = call_data(call)
    digest = checksum(data)
    latest = Snapshot.objects.filter(call=call).order_by("-taken_at", "-id").first()
    if latest is not None and latest.checksum == digest:
        return latest
    data["taken_at"] = timezone.now().isoformat()
    snap = Snapshot.objects.create(call=call, taken_by=recorded(actor), data=data, checksum=digest)
    record_change(
        actor, ChangeRecord.Action.CREATE, snap, None, {"call": call.pk, "checksum": digest}
    )
    return Snapshot.objects.get(pk=snap.pk)  # as stored, as every rebuild reads it


@transaction.atomic
def take_meeting_snapshot(actor: Actor, note: Any) -> Snapshot:
    """Freeze what the programme note `note` (a MeetingDocument) is built from: the meeting's
    records and its call's data. An unchanged meeting reuses its latest snapshot, so a rebuilt
    edition is identical."""
    if actor is not None:
        require_secretariat(actor)
    data = meeting_data(note.meeting, note)
    digest = checksum(data)
    latest = (
        Snapshot.objects.filter(meeting=note.meeting, checksum=digest)
        .order_by("-taken_at", "-id")
        .first()
    )
    if latest is not None:
        return latest
    data["taken_at"] = timezone.now().isoformat()
    snap = Snapshot.objects.create(
        meeting=note.meeting, call=note.call, taken_by=recorded(actor), data=data,
        checksum=digest,
    )  # fmt: skip
    record_change(
        actor,
        ChangeRecord.Action.CREATE,
        snap,
        None,
        {"meeting": note.meeting_id, "checksum": digest},
    )
    return Snapshot.objects.get(pk=snap.pk)  # as stored, as every rebuild reads it
