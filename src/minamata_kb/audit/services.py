"""Write change records. Services call `record_change` inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.actors import Actor, signed_in


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` as JSON-safe data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        data[f.name] = _jsonable(f.value_from_object(obj))
    return data


def record_change(
    actor: Actor,
    action: ChangeRecord.Action,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> ChangeRecord:
    """Append one change record; `actor` is a user, or None for the system (CLI, loaders).

    `action` is one of `ChangeRecord.Action` (a free string is refused: the history pages
    and filters rely on the known actions)."""
    action = ChangeRecord.Action(action)  # ValueError for anything else
    user = signed_in(actor)
    label = user.get_username() if user is not None else "system"
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    return ChangeRecord.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        entity=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=note[:300],
    )


def change_fields(
    actor: Actor,
    action: ChangeRecord.Action,
    obj: models.Model,
    values: dict[str, Any],
    note: str = "",
) -> None:
    """Set `values` (field name -> value) on `obj`, save only those fields (and `updated_at`),
    and record the change: what a status change of a record amounts to."""
    fields = list(values)
    before = snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*fields, "updated_at"])
    record_change(actor, action, obj, before, snapshot(obj, fields), note=note)
