"""HTTP API of the national_reports app (mounted under /api/v1/)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.security import django_auth

from minamata_kb.accounts.permissions import can_view, is_secretariat
from minamata_kb.core.envelope import found
from minamata_kb.core.filtering import narrowed
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.core.listing import listing
from minamata_kb.national_reports import selectors, services
from minamata_kb.national_reports.analysis import analyse
from minamata_kb.national_reports.conditions import applicable
from minamata_kb.national_reports.models import (
    Cycle,
    NationalReport,
    ReportingFormat,
)
from minamata_kb.national_reports.schemas import (
    AnalysisOut,
    AnswersIn,
    FormatOut,
    ReportList,
    ReportNeedList,
    ReportOut,
    StartIn,
)
from minamata_kb.registry.models import Party

router = Router(tags=["national_reports"])


def report_out(r: NationalReport, answers: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.pk,
        "party": r.party.code,
        "party_name": r.party.name_en,
        "cycle": r.cycle.code,
        "status": r.status,
        "published": r.published,
        "submitted_at": r.submitted_at,
        "source": r.source,
        "answered_format": r.answered_format.version if r.answered_format else None,
    }
    if answers:
        given = selectors.answers_of(r)
        out["answers"] = [
            {"question": a.question.number, "value": a.value, "text": a.text, "comment": a.comment}
            for a in given
        ]
        questions = list(r.cycle.questions())
        on = applicable(questions, {a.question.number: a.value for a in given})
        out["skipped"] = sorted(q.number for q in questions if q.number not in on)
    return out


@router.get("/reporting-format", response=FormatOut, summary="The Article 21 reporting format")
def reporting_format(request: HttpRequest, version: str = "") -> dict[str, Any]:
    fmt = (
        ReportingFormat.objects.filter(version=version).first()
        if version
        else selectors.current_format()
    )
    if fmt is None:
        raise Http404(f"No reporting format {version!r}" if version else "No format loaded")
    questions = list(fmt.questions.select_related("parent", "replaces__format"))
    return {
        "version": fmt.version,
        "name": fmt.name,
        "decision": fmt.decision,
        "adopted": fmt.adopted,
        "is_current": fmt.is_current,
        "note": fmt.note,
        "question_count": len(questions),
        "parts": [
            {
                "code": p.code,
                "titles": {lang: getattr(p, f"title_{lang}") for lang in CONTENT_LANGUAGES},
            }
            for p in fmt.parts.all()
        ],
        "questions": [
            {
                "number": q.number,
                "part": q.part,
                "article": q.article,
                "short_report": q.short_report,
                "answer_type": q.answer_type,
                "choices": q.allowed,
                "gap_answers": q.gap_answers,
                "texts": {lang: getattr(q, f"text_{lang}") for lang in CONTENT_LANGUAGES},
                "paraphrase": q.paraphrase,
                "parent": q.parent.number if q.parent else None,
                "shown_when": q.shown_when,
                "replaces": f"{q.replaces.format.version}:{q.replaces.number}"
                if q.replaces
                else None,
            }
            for q in questions
        ],
        "cycles": [
            {
                "code": c.code,
                "kind": c.kind,
                "format": fmt.version,
                "title": c.title,
                "period_start": c.period_start,
                "period_end": c.period_end,
                "deadline": c.deadline,
                "note": c.note,
            }
            for c in Cycle.objects.filter(format=fmt)
        ],
    }


@router.get(
    "/national-reports/analysis",
    response=AnalysisOut,
    summary="Analysis of a cycle's reports (published ones only, unless secretariat)",
)
def national_reports_analysis(request: HttpRequest, cycle: str = "latest") -> dict[str, Any]:
    include = is_secretariat(request.user)
    c = found(selectors.resolve_cycle(cycle, include_unpublished=include), f"No cycle {cycle!r}")
    return analyse(c, include_unpublished=include).as_dict()


@router.get(
    "/national-reports/needs",
    response=ReportNeedList,
    summary="Needs and challenges from report comments, with party, cycle and question",
)
def national_reports_needs(
    request: HttpRequest, cycle: str = "", party: str = ""
) -> dict[str, Any]:
    items = selectors.needs(
        cycle=cycle or None, party=party or None, include_unpublished=is_secretariat(request.user)
    )
    return listing(items)


@router.get("/national-reports", response=ReportList, summary="National reports you may read")
def national_reports(
    request: HttpRequest, cycle: str = "", party: str = "", answers: bool = False
) -> dict[str, Any]:
    qs = narrowed(
        selectors.visible_reports(request.user), cycle__code=cycle, party__code=party.upper()
    )
    return listing(report_out(r, answers) for r in qs)


@router.get("/national-reports/{report_id}", response=ReportOut)
def national_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = NationalReport.objects.select_related("party", "cycle").filter(pk=report_id).first()
    if report is None or not can_view(request.user, report):
        raise Http404(f"No report {report_id}")
    return report_out(report, answers=True)


def _own(request: HttpRequest, report_id: int) -> NationalReport:
    report = NationalReport.objects.select_related("party", "cycle").filter(pk=report_id).first()
    if report is None or not can_view(request.user, report):
        raise Http404(f"No report {report_id}")
    return report


@router.post(
    "/national-reports",
    response={201: ReportOut},
    auth=django_auth,
    summary="Start (or find) a party's draft report for a cycle",
)
def start_national_report(request: HttpRequest, payload: StartIn) -> tuple[int, dict[str, Any]]:
    party = get_object_or_404(Party, code=payload.party.upper())
    cycle = get_object_or_404(Cycle, code=payload.cycle.lower())
    report = services.start_report(request.user, party, cycle)
    return 201, report_out(report, answers=True)


@router.put(
    "/national-reports/{report_id}/answers",
    response=ReportOut,
    auth=django_auth,
    summary="Save answers by question number; a sub-question its parent's answer skips is refused",
)
def save_national_report_answers(
    request: HttpRequest, report_id: int, payload: AnswersIn
) -> dict[str, Any]:
    report = _own(request, report_id)
    data = {a.question: (a.answer, a.comment) for a in payload.answers}
    errors = services.save_answers(request.user, report, data)
    if errors:
        raise ValidationError({f"Q{n}": [msg] for n, msg in sorted(errors.items())})
    return report_out(report, answers=True)


@router.post(
    "/national-reports/{report_id}/submit",
    response=ReportOut,
    auth=django_auth,
    summary="Submit a draft whose applicable questions are answered",
)
def submit_national_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = services.submit_report(request.user, _own(request, report_id))
    return report_out(report, answers=True)
