"""Idempotent create-or-update used by reference-data loaders and importers, each change audited
(it lives in audit, not core, because it records changes: core knows no domain app)."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from django.db import models

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core.actors import Actor

M = TypeVar("M", bound=models.Model)
Outcome = Literal["created", "updated", "unchanged"]


def upsert(
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    actor: Actor = None,
    audit: bool = True,
    dry_run: bool = False,
) -> tuple[M | None, Outcome]:
    """Create or update one row; touch the database only when a value differs."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        if dry_run:
            return None, "created"
        obj = model._default_manager.create(**lookup, **values)
        if audit:
            record_change(actor, ChangeRecord.Action.CREATE, obj, None, snapshot(obj))
        return obj, "created"
    changed = {k: v for k, v in values.items() if _differs(getattr(obj, k), v)}
    if not changed:
        return obj, "unchanged"
    if dry_run:
        return obj, "updated"
    before = snapshot(obj, list(changed))
    for key, value in changed.items():
        setattr(obj, key, value)
    obj.save(update_fields=list(changed))
    if audit:
        record_change(actor, ChangeRecord.Action.UPDATE, obj, before, snapshot(obj, list(changed)))
    return obj, "updated"


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, models.Model) or isinstance(new, models.Model):
        cur_pk = getattr(current, "pk", current)
        new_pk = getattr(new, "pk", new)
        return bool(cur_pk != new_pk)
    return bool(current != new)


def set_m2m(obj: models.Model, field: str, targets: list[Any]) -> bool:
    """Replace a many-to-many set only when it differs; True when it changed."""
    manager = getattr(obj, field)
    current = set(manager.values_list("pk", flat=True))
    wanted = {t.pk for t in targets}
    if current == wanted:
        return False
    manager.set(targets)
    return True
