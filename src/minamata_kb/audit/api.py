"""HTTP API of record history (mounted under /api/v1/): the changes the caller may read, and
restoring an earlier value through the owning app's service (audit/records.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from minamata_kb.audit import records
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.listing import Listing, paged

router = Router(tags=["history"])


class ChangeOut(Schema):
    id: int
    at: dt.datetime
    user: str
    action: str
    entity: str
    object_id: str
    record: str
    note: str
    changes: list[dict[str, Any]]


class RestoreIn(Schema):
    field: str


def change_out(c: ChangeRecord) -> dict[str, Any]:
    return {
        "id": c.pk,
        "at": c.at,
        "user": c.actor_label,
        "action": c.action,
        "entity": c.entity,
        "object_id": c.object_id,
        "record": c.object_repr,
        "note": c.note,
        "changes": [{"field": f, "before": b, "after": a} for f, b, a in records.field_changes(c)],
    }


@router.get(
    "/history",
    response=Listing[ChangeOut],
    auth=django_auth,
    summary="Changes to the records the caller is responsible for (newest first, 500 a page)",
)
def history(
    request: HttpRequest,
    entity: str = "",
    object_id: str = "",
    user: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 500,
    offset: int = 0,
) -> dict[str, Any]:
    if object_id and not entity:
        raise Http404("Give the entity with the object_id.")
    if entity and object_id:
        e = records.entity_of(entity)
        obj = e.get(object_id) if e else None
        if obj is None:
            raise Http404(f"No record {entity} {object_id}")
        if not records.may_see(request.user, obj):
            raise PermissionDenied("Only those responsible for this record see its history.")
    qs = records.visible_changes(
        request.user,
        entity=entity,
        object_id=object_id,
        actor=user,
        date_from=date_from,
        date_to=date_to,
    )
    return paged(qs, limit=limit, offset=offset, out=change_out)


@router.post(
    "/history/{change_id}/restore",
    response=ChangeOut,
    auth=django_auth,
    summary="Give a field back the value it had before this change (a new change)",
)
def restore(request: HttpRequest, change_id: int, payload: RestoreIn) -> dict[str, Any]:
    change = ChangeRecord.objects.filter(pk=change_id).first()
    e = records.entity_of(change.entity) if change else None
    obj = e.get(change.object_id) if (change and e) else None
    if change is None or obj is None or not records.may_see(request.user, obj):
        raise Http404(f"No change {change_id}")
    return change_out(records.restore(request.user, change, payload.field))
