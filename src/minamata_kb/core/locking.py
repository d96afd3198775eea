"""Optimistic locking: a save names the version it was based on; a stale one is refused.

`UPDATE ... SET ..., version = version + 1 WHERE pk = %s AND version = %s` is atomic in both
engines, so of two officers saving the same record from the same version exactly one wins and
the other is told the record changed under them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F


class StaleEdit(Exception):
    """The record changed since the editor loaded it."""

    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(
            f"This record was changed by someone else (now version {current_version}); "
            "reload it and apply your change again."
        )


def save_versioned(obj: models.Model, expected_version: int, changes: dict[str, Any]) -> int:
    """Apply `changes` to `obj` only if its stored version is still `expected_version`."""
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        **changes, version=F("version") + 1
    )
    if updated == 0:
        current = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise StaleEdit(int(current or 0))
    for key, value in changes.items():
        setattr(obj, key, value)
    obj.version = expected_version + 1  # type: ignore[attr-defined]
    return expected_version + 1
