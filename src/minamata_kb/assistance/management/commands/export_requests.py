"""`minamata-kb export requests [--format csv|json] [-o FILE]`: requests and response times."""

from __future__ import annotations

import io
import json
from typing import Any

from minamata_kb.assistance.models import Request
from minamata_kb.assistance.selectors import request_statistics, response_times
from minamata_kb.core import tabular
from minamata_kb.core.commands import ExportCommand

FIELDS = [
    "reference",
    "party",
    "kind",
    "title",
    "state",
    "received_at",
    "answered_at",
    "closed_at",
    "due_date",
    "assignee",
    "days_to_answer",
    "answer_resources",
    "answer_activities",
    "published",
    "delivery_activities",
    "rating",
    "feedback",
]


def rows() -> list[dict[str, Any]]:
    """Every request, oldest first (by id: stable)."""
    out = []
    qs = Request.objects.order_by("pk").select_related("party", "assignee")
    for r in qs.prefetch_related("answer_activities", "delivery_activities"):
        days = (
            round((r.answered_at - r.received_at).total_seconds() / 86400, 1)
            if r.answered_at
            else None
        )
        out.append(
            {
                "reference": r.reference,
                "party": r.party.code,
                "kind": r.kind,
                "title": r.title,
                "state": r.state,
                "received_at": r.received_at.isoformat(),
                "answered_at": r.answered_at.isoformat() if r.answered_at else "",
                "closed_at": r.closed_at.isoformat() if r.closed_at else "",
                "due_date": r.due_date.isoformat() if r.due_date else "",
                "assignee": r.assignee.get_username() if r.assignee else "",
                "days_to_answer": days,
                "answer_resources": ";".join(r.answer_resources),
                "answer_activities": ";".join(sorted(a.code for a in r.answer_activities.all())),
                "published": r.published,
                "delivery_activities": ";".join(
                    sorted(a.code for a in r.delivery_activities.all())
                ),
                "rating": r.rating,
                "feedback": r.feedback,
            }
        )
    return out


class Command(ExportCommand):
    help = "Export assistance requests (CSV) or requests with response-time figures (JSON)."

    def export(self, options: dict[str, Any]) -> bytes:
        items = rows()
        if options["format"] == "json":
            return json.dumps(
                {
                    "response_times": response_times(),
                    "by_year_and_region": request_statistics(),
                    "requests": items,
                },
                ensure_ascii=False,
                indent=1,
            ).encode("utf-8")
        buf = io.StringIO(newline="")
        writer = tabular.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(items)
        return buf.getvalue().encode("utf-8")
