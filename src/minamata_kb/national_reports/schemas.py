"""API shapes of the national_reports app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from minamata_kb.core.listing import ListMeta
from minamata_kb.national_reports.analysis_records import ExtractedNeed


class PartOut(Schema):
    code: str
    titles: dict[str, str]


class QuestionOut(Schema):
    number: int
    part: str
    article: int | None
    short_report: bool
    answer_type: str
    choices: list[str]
    gap_answers: list[str]
    texts: dict[str, str]
    paraphrase: bool
    parent: int | None = None
    shown_when: list[str] = []
    replaces: str | None = None


class CycleOut(Schema):
    code: str
    kind: str
    format: str
    title: str
    period_start: dt.date
    period_end: dt.date
    deadline: dt.date
    note: str


class FormatOut(Schema):
    version: str
    name: str
    decision: str
    adopted: dt.date | None
    is_current: bool
    note: str
    question_count: int
    parts: list[PartOut]
    questions: list[QuestionOut]
    cycles: list[CycleOut]


class AnswerOut(Schema):
    question: int
    value: str
    text: str
    comment: str


class ReportOut(Schema):
    id: int
    party: str
    party_name: str
    cycle: str
    status: str
    published: bool
    submitted_at: dt.datetime | None
    source: str
    answered_format: str | None = None
    answers: list[AnswerOut] | None = None
    skipped: list[int] | None = None


class ReportList(Schema):
    meta: ListMeta
    items: list[ReportOut]


class ReportNeedList(Schema):
    meta: ListMeta
    items: list[ExtractedNeed]  # the analysis's own record, described once


class AnalysisOut(Schema):
    cycle: str
    kind: str
    format: str
    deadline: str
    include_unpublished: bool
    reports: int
    parties: list[str]
    questions: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    ranking: dict[str, Any]
    changes: dict[str, Any] | None
    article14: dict[str, Any]
    needs_count: int
    needs_by_topic: dict[str, int]


class StartIn(Schema):
    party: str
    cycle: str


class AnswerIn(Schema):
    question: int
    answer: str = ""
    comment: str = ""


class AnswersIn(Schema):
    answers: list[AnswerIn]
