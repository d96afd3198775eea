"""Submissions and statements on the history pages (audit/records.py). A submission is kept
as received (no restore); a statement's earlier values come back through the secretariat's
review (`review_statement` with "edit")."""

from __future__ import annotations

from typing import Any

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.audit.records import HistoryEntity, owned_by
from minamata_kb.core.actors import Actor
from minamata_kb.submissions.models import Statement, Submission
from minamata_kb.submissions.statement_review import review_statement


def _restore_statement(actor: Actor, st: Statement, field: str, value: Any) -> None:
    review_statement(actor, st, "edit", {field: value})


ENTITIES = [
    HistoryEntity(Submission, owned_by(party="party", organisation="organisation")),
    HistoryEntity(
        Statement,
        owned_by(party="submission__party", organisation="submission__organisation"),
        restore=_restore_statement,
        restorable=frozenset(
            {
                "role",
                "text",
                "articles",
                "topics",
                "countries",
                "channel",
                "amount",
                "currency",
                "period_start",
                "period_end",
            }
        ),
        may_restore=lambda user, st: is_secretariat(user),
    ),
]
