"""Activities and events on the history pages (audit/records.py): owners see their history;
an activity's earlier values come back through `save_activity` (its checks apply)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from minamata_kb.activities.models import Activity, Event
from minamata_kb.audit.records import HistoryEntity
from minamata_kb.core.actors import Actor


def _owned_activity(party: Any, organisation: Any) -> Q:
    q = Q(pk__in=[])
    if party is not None:
        q |= Q(provider_party=party)
    if organisation is not None:
        q |= Q(provider_organisation=organisation)
    return q


def _owned_event(party: Any, organisation: Any) -> Q:
    q = Q(pk__in=[])
    if party is not None:
        q |= Q(activity__provider_party=party)
    if organisation is not None:
        q |= Q(organiser=organisation)
    return q


def _restore_activity(actor: Actor, activity: Activity, field: str, value: Any) -> None:
    from minamata_kb.activities.services import save_activity

    save_activity(actor, {"code": activity.code, field: value})


ENTITIES = [
    HistoryEntity(
        Activity,
        _owned_activity,
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
    HistoryEntity(Event, _owned_event),
]
