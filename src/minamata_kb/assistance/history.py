"""Assistance requests on the history pages (audit/records.py): a request changes only
through its workflow, so its history is read-only."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from minamata_kb.assistance.models import Request
from minamata_kb.audit.records import HistoryEntity


def _owned(party: Any, organisation: Any) -> Q:
    return Q(party=party) if party is not None else Q(pk__in=[])


ENTITIES = [HistoryEntity(Request, _owned)]
