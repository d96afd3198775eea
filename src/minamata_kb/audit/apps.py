from typing import Any

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "minamata_kb.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minamata_kb.core.changes import change_made

        change_made.connect(_record_announced, dispatch_uid="audit.record_announced")


def _record_announced(sender: Any, **change: Any) -> None:
    """Write the change announced by code below audit (core/changes.py)."""
    from minamata_kb.audit.models import ChangeRecord
    from minamata_kb.audit.services import record_change

    record_change(
        change["actor"],
        ChangeRecord.Action(change["action"]),
        change["obj"],
        change["before"],
        change["after"],
        change["note"],
    )
