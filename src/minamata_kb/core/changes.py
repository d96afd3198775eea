"""Changes made below the change log: the code that makes one announces it, the change log writes it.

The change log (audit) sits above accounts, since its history pages ask accounts who may read a
record's history; accounts cannot import it, yet its services (roles, API tokens) record their
changes like every other app's. They call `announce_change`, which sends `change_made`; audit
receives it (audit/apps.py) and writes the change record synchronously, in the sender's
transaction, exactly as `audit.services.record_change` does for the apps above it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.dispatch import Signal

from minamata_kb.core.actors import Actor

# Sent with: actor, action (a change record's action, e.g. "create"), obj, before, after, note.
change_made = Signal()


def announce_change(
    actor: Actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> None:
    """Have the change log record this change (see `audit.services.record_change`)."""
    if not change_made.has_listeners(type(obj)):
        # A change nobody writes down would be lost silently: refuse instead.
        raise ImproperlyConfigured("No change log listens to change_made (is audit installed?)")
    change_made.send(
        sender=type(obj), actor=actor, action=action, obj=obj, before=before, after=after, note=note
    )
