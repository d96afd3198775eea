"""An officer's decision on what the matching app flags: a proposed match (accepted or
rejected) and a possible duplicated effort (duplicate or not). One rule for both."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import require_secretariat
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core.actors import Actor, recorded
from minamata_kb.matching.models import DuplicatePair, Match


def record_decision(
    actor: Actor, item: Match | DuplicatePair, decision: str, note: str, undecided: str
) -> None:
    """The secretariat only; `decision` one of the item's decisions, audited. Back to
    `undecided` (the state the item was flagged in) forgets who decided and when."""
    require_secretariat(actor)
    if decision not in type(item).Decision.values:
        raise ValidationError({"decision": [_("Unknown decision.")]})
    with transaction.atomic():
        before = snapshot(item, ["decision", "note"])
        item.decision = decision
        item.note = note[:2000]
        item.decided_by = recorded(actor) if decision != undecided else None
        item.decided_at = timezone.now() if decision != undecided else None
        # A field kept up to date on every save (updated_at) is saved with the decision.
        stamped = [f.name for f in item._meta.concrete_fields if getattr(f, "auto_now", False)]
        item.save(update_fields=["decision", "note", "decided_by", "decided_at", *stamped])
        record_change(
            actor, ChangeRecord.Action.DECIDE, item, before, snapshot(item, ["decision", "note"])
        )
