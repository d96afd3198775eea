"""Assistance requests on the history pages (audit/records.py): a request changes only
through its workflow, so its history is read-only."""

from __future__ import annotations

from minamata_kb.assistance.models import Request
from minamata_kb.audit.records import HistoryEntity, owned_by

ENTITIES = [HistoryEntity(Request, owned_by(party="party"))]
