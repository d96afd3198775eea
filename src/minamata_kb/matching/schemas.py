"""API shapes of the matching app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from minamata_kb.core.listing import ListMeta


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
    meta: ListMeta
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
    # Open needs the matcher has not looked at yet: not in ``unmet`` (not known to be unmet).
    not_matched: int
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
    catalogue: dict[str, Any] = {}  # the catalogue's raw values (six languages, countries ...)


class TechnologyIn(Schema):
    """A catalogue entry (matching/catalogue.py); fields left out keep their value."""

    slug: str
    name_en: str | None = None
    name_fr: str | None = None
    name_es: str | None = None
    name_ru: str | None = None
    name_zh: str | None = None
    name_ar: str | None = None
    description_en: str | None = None
    description_fr: str | None = None
    description_es: str | None = None
    description_ru: str | None = None
    description_zh: str | None = None
    description_ar: str | None = None
    replaces_en: str | None = None
    replaces_fr: str | None = None
    replaces_es: str | None = None
    replaces_ru: str | None = None
    replaces_zh: str | None = None
    replaces_ar: str | None = None
    cost_notes: str | None = None
    sector: str | None = None
    maturity: str | None = None
    topics: list[str] | None = None
    articles: list[int] | None = None
    providers: list[str] | None = None
    case_studies: list[str] | None = None
    countries: list[str] | None = None
    organisation: str | None = None
    published: bool | None = None


class OfferIn(Schema):
    organisation: str = ""  # the offering organisation's slug; an editor's own by default
    note: str = ""


class PartyDecisionIn(Schema):
    decision: str  # accepted | declined
    reason: str = ""  # required when declining


class OfferNeed(Schema):
    id: int
    reference: str
    party: str
    url: str


class OfferOut(Schema):
    id: int
    need: OfferNeed
    kind: str
    target: str
    title: str
    why: str
    decision: str
    offered_by: str | None
    offered_by_name: str
    note: str  # the organisation's message with its offer
    party_note: str  # the party's reason (a decline gives one)
    party_state: str  # accepted | declined | pending
    party_decided_at: dt.datetime | None
    may_party_decide: bool
    created_at: dt.datetime
