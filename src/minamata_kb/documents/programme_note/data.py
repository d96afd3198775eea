"""Gather what the programme note says about a meeting's period, as plain data to freeze.

Each collector reads one app's records for the reporting period and returns JSON-ready rows
that keep their record ids (the appendix traces every figure to them). Nothing here formats
text: the sections do that per edition.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from minamata_kb.activities.models import Activity, Event, WorkProgrammeItem
from minamata_kb.assistance.models import Request
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.documents.call_data import call_data
from minamata_kb.documents.meetings import Meeting, MeetingDocument
from minamata_kb.library.models import Resource
from minamata_kb.matching import gaps as gap_analysis
from minamata_kb.matching.models import DuplicatePair, Need
from minamata_kb.national_reports.models import Answer, Cycle
from minamata_kb.taxonomy.models import Article, Topic

# Organisation kinds that are regional or subregional centres (seed ¶13-14).
CENTRES = {"basel_centre", "stockholm_centre", "brs_centre"}


def _names(obj: Any, field: str = "name") -> dict[str, str]:
    en = getattr(obj, f"{field}_en", "") or ""
    return {lang: getattr(obj, f"{field}_{lang}", "") or en for lang in CONTENT_LANGUAGES}


def _period(meeting: Meeting) -> tuple[dt.date, dt.date]:
    start = meeting.period_start or dt.date(2000, 1, 1)
    end = meeting.period_end or meeting.start_date
    return start, end


def meeting_record(meeting: Meeting) -> dict[str, Any]:
    start, end = _period(meeting)
    return {
        "id": meeting.pk,
        "number": meeting.number,
        "name": dict(meeting.name),
        "venue": dict(meeting.venue or {}),
        "start_date": meeting.start_date.isoformat(),
        "end_date": meeting.end_date.isoformat(),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
    }


def document_record(doc: MeetingDocument) -> dict[str, Any]:
    item = doc.agenda_item
    return {
        "id": doc.pk,
        "symbol": doc.symbol,
        "kind": doc.kind,
        "date": doc.date.isoformat(),
        "original_language": doc.original_language,
        "title": dict(doc.title),
        "action": dict(doc.action or {}),
        "call": doc.call_id,
        "list_parties_under_needs": doc.list_parties_under_needs,
        "agenda_item": (
            {"id": item.pk, "number": item.number, "title": dict(item.title)} if item else None
        ),
    }


def mandate() -> dict[str, Any]:
    """Article 14 and the decisions asking for the note, from the convention profile."""
    path = Path(settings.DATA_DIR) / "profile" / "minamata" / "decisions.json"
    decisions = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    art = Article.objects.filter(number=14).first()
    return {
        "article": {"number": 14, "names": _names(art, "title") if art else {}},
        "decisions": decisions,
    }


def activities(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    rows = (
        Activity.objects.filter(published=True)
        .exclude(status=Activity.Status.CANCELLED)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("channel", "funding_source", "provider_organisation", "provider_party")
        .prefetch_related("executing_partners")
        .order_by("start_date", "id")
    )
    return [
        {
            "id": a.pk,
            "code": a.code,
            "title": a.title,
            "language": a.language,
            "channel": a.channel.slug if a.channel else "",
            "funding": a.funding_source.slug if a.funding_source else "",
            "provider": a.provider_organisation.slug if a.provider_organisation else "",
            "provider_name": a.provider_organisation.name if a.provider_organisation else "",
            "provider_kind": a.provider_organisation.kind if a.provider_organisation else "",
            "partners": sorted(p.name for p in a.executing_partners.all()),
            "centres": sorted(p.name for p in a.executing_partners.all() if p.kind in CENTRES),
            "status": a.status,
            "start": a.start_date.isoformat() if a.start_date else None,
        }
        for a in rows
    ]


def events(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    rows = (
        Event.objects.filter(published=True, start_date__gte=start, start_date__lte=end)
        .prefetch_related("participation")
        .order_by("start_date", "id")
    )
    out = []
    for e in rows:
        parts = list(e.participation.all())
        out.append(
            {
                "id": e.pk,
                "code": e.code,
                "title": e.title,
                "series": e.series,
                "kind": e.kind,
                "online": e.online,
                "date": e.start_date.isoformat() if e.start_date else None,
                "women": sum(p.women for p in parts),
                "men": sum(p.men for p in parts),
                "other": sum(p.other for p in parts),
            }
        )
    return out


def requests(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    rows = (
        Request.objects.filter(received_at__date__gte=start, received_at__date__lte=end)
        .order_by("received_at", "id")
        .values_list("id", "party__code", "received_at", "answered_at")
    )
    return [
        {
            "id": pk,
            "party": party or "",
            "received": received.date().isoformat(),
            "answered": answered.date().isoformat() if answered else None,
            "days": (answered - received).days if answered else None,
        }
        for pk, party, received, answered in rows
    ]


def tools(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    rows = (
        Resource.objects.filter(published=True, date__gte=start, date__lte=end)
        .select_related("type", "provider")
        .order_by("date", "id")
    )
    return [
        {
            "id": r.pk,
            "title": r.title,
            "language": r.language,
            "group": r.translation_group or f"resource-{r.pk}",
            "type": r.type.slug if r.type else "",
            "provider": r.provider.name if r.provider else r.provider_name,
            "date": r.date.isoformat() if r.date else None,
        }
        for r in rows
    ]


def _by_parties(row: dict[str, Any]) -> tuple[int, int]:
    return (-len(row["parties"]), int(row["number"]))


def national_reports() -> dict[str, Any]:
    """Per cycle: parties that reported, and per question with gap answers the parties whose
    answer points to a gap (areas for support, seed ¶18–19); Article 14 answers (seed ¶11)."""
    cycles = []
    for cycle in Cycle.objects.order_by("period_end", "code"):
        answers = (
            Answer.objects.filter(report__cycle=cycle, report__status="submitted")
            .select_related("question", "report__party")
            .order_by("question__number", "report__party__code")
        )
        gaps: dict[int, dict[str, Any]] = {}
        art14: dict[int, dict[str, Any]] = {}
        parties: set[str] = set()
        for a in answers:
            q = a.question
            parties.add(a.report.party.code)
            if q.gap_answers and a.value in q.gap_answers:
                row = gaps.setdefault(
                    q.number, {"number": q.number, "article": q.article, "text": _names(q, "text"),
                               "parties": [], "answers": []},
                )  # fmt: skip
                row["parties"].append(a.report.party.code)
                row["answers"].append(a.pk)
            if q.article == 14 and (a.value or a.text):
                row = art14.setdefault(
                    q.number, {"number": q.number, "text": _names(q, "text"), "parties": [],
                               "answers": []},
                )  # fmt: skip
                row["parties"].append(a.report.party.code)
                row["answers"].append(a.pk)
        gap_rows: list[dict[str, Any]] = list(gaps.values())
        row_out: dict[str, Any] = {
            "code": cycle.code,
            "kind": cycle.kind,
            "deadline": cycle.deadline.isoformat(),
            "parties": sorted(parties),
            "gaps": sorted(gap_rows, key=_by_parties),
            "article14": [art14[k] for k in sorted(art14)],
        }
        cycles.append(row_out)
    return {"cycles": cycles}


def work_programme(after: dt.date) -> dict[str, Any]:
    """The work-programme items (a)–(d) of the next biennium, with budget by source."""
    bienniums = sorted(set(WorkProgrammeItem.objects.values_list("biennium", flat=True)))
    later = [b for b in bienniums if int(b[:4]) >= after.year] or bienniums[-1:]
    biennium = later[0] if later else ""
    rows = (
        WorkProgrammeItem.objects.filter(biennium=biennium)
        .order_by("position", "code")
        .prefetch_related("budget")
    )
    return {
        "biennium": biennium,
        "items": [
            {
                "id": i.pk,
                "code": i.code,
                "group": i.group,
                "title": i.title,
                "budget": [
                    {"source": b.source, "amount": str(b.amount), "currency": b.currency}
                    for b in i.budget.all()
                ],
            }
            for i in rows
        ],
    }


def knowledge_base() -> dict[str, Any]:
    """How the knowledge base is used: needs and their matches, the largest gaps (themes with
    needs and little published behind them, matching.gaps), duplicates avoided."""
    needs = list(Need.objects.prefetch_related("matches").order_by("id"))
    matched = [n.pk for n in needs if any(m.decision == "accepted" for m in n.matches.all())]
    dups = list(
        DuplicatePair.objects.filter(decision="duplicate")
        .order_by("id")
        .values_list("pk", flat=True)
    )
    topics = {t.slug: _names(t) for t in Topic.objects.all()}
    rows = [r for r in gap_analysis.coverage(Need.objects.all()) if r.needs]
    rows.sort(key=lambda r: (-r.gap, -r.needs, r.key))
    top = [
        {"topic": r.key, "names": topics.get(r.key, {"en": r.label}), "needs": r.needs,
         "resources": r.resources, "activities": r.activities}
        for r in rows[:3]
    ]  # fmt: skip
    return {"needs": [n.pk for n in needs], "matched": matched, "duplicates": dups, "gaps": top}


def meeting_data(meeting: Meeting, note: MeetingDocument) -> dict[str, Any]:
    """Everything the programme note of `meeting` is built from (frozen into a Snapshot)."""
    start, end = _period(meeting)
    docs = list(meeting.documents.select_related("agenda_item").order_by("symbol"))
    return {
        "meeting": meeting_record(meeting),
        "note": document_record(note),
        "documents": [document_record(d) for d in docs],
        "mandate": mandate(),
        "submissions": call_data(note.call) if note.call else None,
        "activities": activities(start, end),
        "events": events(start, end),
        "requests": requests(start, end),
        "tools": tools(start, end),
        "national_reports": national_reports(),
        "work_programme": work_programme(end),
        "knowledge_base": knowledge_base(),
    }
