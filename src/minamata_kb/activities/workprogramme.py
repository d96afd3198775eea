"""The work programme: items of seed ¶20 (a)-(d), budget lines, planned against delivered."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from minamata_kb.accounts.permissions import can_view
from minamata_kb.activities.models import Activity, BudgetLine, WorkProgrammeItem
from minamata_kb.core import tabular


def bienniums() -> list[str]:
    """Bienniums that have items, newest first."""
    return sorted(set(WorkProgrammeItem.objects.values_list("biennium", flat=True)), reverse=True)


def items(biennium: str = "") -> QuerySet[WorkProgrammeItem]:
    """Items of one biennium (the newest when blank), in paragraph order."""
    if not biennium:
        all_ = bienniums()
        biennium = all_[0] if all_ else ""
    return (
        WorkProgrammeItem.objects.filter(biennium=biennium)
        .order_by("position", "code")
        .prefetch_related("budget", "activities", "events")
    )


def delivered(item: WorkProgrammeItem, today: dt.date | None = None) -> dict[str, Any]:
    """What delivered an item: completed activities and events that have taken place."""
    today = today or timezone.now().date()
    acts = [a for a in item.activities.all() if a.published]
    evs = [e for e in item.events.all() if e.published]
    done_acts = [a for a in acts if a.status == Activity.Status.COMPLETED]
    held = [e for e in evs if e.start_date and e.start_date <= today]
    spent: dict[str, Decimal] = {}
    for a in acts:
        if a.amount is not None and a.currency:
            spent[a.currency] = spent.get(a.currency, Decimal(0)) + a.amount
    return {
        "activities": len(acts),
        "activities_completed": len(done_acts),
        "events": len(evs),
        "events_held": len(held),
        "delivered": len(done_acts) + len(held),
        "amounts": {k: str(v) for k, v in sorted(spent.items())},
    }


def budget(item: WorkProgrammeItem) -> dict[str, str]:
    """Budget by source of funds, e.g. {"special_trust_fund": "120000.00 USD"}."""
    out: dict[str, str] = {}
    for line in item.budget.all():
        out[line.source] = f"{line.amount} {line.currency}"
    return out


def _linked(objs: Any, user: Any, everything: bool) -> str:
    """Codes of linked activities/events the reader may see (published ones for the public):
    an unpublished activity's code is not for the public work programme or its exports."""
    return ";".join(sorted(o.code for o in objs if everything or can_view(user, o)))


def summary(
    biennium: str = "", user: Any = None, *, everything: bool = False
) -> list[dict[str, Any]]:
    """One row per item: planned (deliveries, budget) against delivered. The linked activities
    and events are those `user` may see (``everything``: all, for the system's full export)."""
    rows = []
    for item in items(biennium):
        d = delivered(item)
        lines = list(item.budget.all())
        rows.append(
            {
                "id": item.pk,
                "biennium": item.biennium,
                "item": item.code,
                "paragraph": item.paragraph,
                "title": item.title,
                "planned_deliveries": item.planned_deliveries,
                "delivered": d["delivered"],
                "activities": d["activities"],
                "activities_completed": d["activities_completed"],
                "events": d["events"],
                "events_held": d["events_held"],
                "budget_special_trust_fund": _sum(lines, BudgetLine.Source.SPECIAL_TRUST_FUND),
                "budget_voluntary": _sum(lines, BudgetLine.Source.VOLUNTARY),
                "budget_note": "; ".join(sorted({line.note for line in lines if line.note})),
                "activity_amounts": "; ".join(f"{v} {k}" for k, v in d["amounts"].items()),
                "linked_activities": _linked(item.activities.all(), user, everything),
                "linked_events": _linked(item.events.all(), user, everything),
                "source": item.source,
            }
        )
    return rows


def _sum(lines: list[BudgetLine], source: str) -> str:
    picked = [line for line in lines if line.source == source]
    if not picked:
        return ""
    currencies = {line.currency for line in picked}
    total = sum((line.amount for line in picked), Decimal(0))
    return f"{total} {'/'.join(sorted(currencies))}"


def export_work_programme(
    fmt: str, biennium: str = "", user: Any = None, *, everything: bool = False
) -> bytes:
    """CSV or JSON of `summary` (stable order), as `user` may see it (None: the public)."""
    rows = summary(biennium, user, everything=everything)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")
    buf = io.StringIO(newline="")
    fields = list(rows[0].keys()) if rows else ["biennium", "item", "title"]
    writer = tabular.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")
