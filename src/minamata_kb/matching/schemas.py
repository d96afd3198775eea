"""API shapes of the matching app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class NeedIn(Schema):
    party: str
    text: str
    language: str | None = None
    topics: list[str] | None = None
    articles: list[int] | None = None
    priority: str = "medium"
    published: bool = False


class NeedOut(Schema):
    id: int
    reference: str
    party: str
    party_name: str
    text: str
    language: str
    topics: list[str]
    articles: list[int]
    priority: str
    status: str
    source: str
    source_ref: str
    published: bool
    created_at: dt.datetime
    matched_at: dt.datetime | None
    url: str


class NeedList(Schema):
    meta: dict[str, Any]
    items: list[NeedOut]


class MatchOut(Schema):
    id: int
    kind: str
    target: str
    title: str
    score: float
    rank: int
    why: str
    reasons: list[dict[str, Any]]
    decision: str
    decided_at: dt.datetime | None
    url: str | None


class NeedMatches(Schema):
    need: NeedOut
    resources: list[MatchOut]
    providers: list[MatchOut]
    activities: list[MatchOut]
    technologies: list[MatchOut]


class DecisionIn(Schema):
    decision: str
    note: str = ""


class GapRow(Schema):
    key: str
    label: str
    needs: int
    resources: int
    activities: int
    gap: float
    languages: dict[str, int]
    groups: dict[str, dict[str, Any]]


class UnmetNeed(Schema):
    id: int
    party: str
    text: str
    priority: str
    topics: list[str]
    score: float
    best_match: float | None


class GapsOut(Schema):
    scope: str
    by: str
    rows: list[GapRow]
    unmet: list[UnmetNeed]
    zero_result_queries: list[dict[str, Any]]
    match_rate: dict[str, Any]


class DuplicateOut(Schema):
    id: int
    first: str
    second: str
    similarity: float
    why: str
    reasons: list[dict[str, Any]]
    decision: str


class TechnologyOut(Schema):
    id: str
    name: str
    description: str
    language: str
    replaces: str
    sector: str
    maturity: str
    topics: list[str]
    articles: list[int]
    providers: list[str]
    case_studies: list[str]
    url: str
