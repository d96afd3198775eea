"""Activities and events on the history pages (audit/records.py): owners see their history;
an activity's earlier values come back through `save_activity` (its checks apply)."""

from __future__ import annotations

from typing import Any

from minamata_kb.activities.models import Activity, Event
from minamata_kb.activities.services import save_activity
from minamata_kb.audit.records import HistoryEntity, owned_by
from minamata_kb.core.actors import Actor


def _restore_activity(actor: Actor, activity: Activity, field: str, value: Any) -> None:
    save_activity(actor, {"code": activity.code, field: value})


ENTITIES = [
    HistoryEntity(
        Activity,
        owned_by(party="provider_party", organisation="provider_organisation"),
        restore=_restore_activity,
        restorable=frozenset(
            {
                "title",
                "description",
                "language",
                "amount",
                "currency",
                "start_date",
                "end_date",
                "status",
                "source",
                "note",
                "beneficiary_countries",
                "executing_partners",
                "topics",
                "articles",
            }
        ),
    ),
    HistoryEntity(Event, owned_by(party="activity__provider_party", organisation="organiser")),
]
