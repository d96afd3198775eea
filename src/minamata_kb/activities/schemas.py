"""API shapes of activities, events and the work programme."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from minamata_kb.core.identifiers import Identifier
from minamata_kb.core.listing import ListMeta


class OutputOut(Schema):
    resource_ref: str
    title: str
    url: str
    resource_url: str | None = None


class ResultIO(Schema):
    indicator: str
    unit: str = ""
    baseline: str | None = None
    target: str | None = None
    actual: str | None = None


class ActivityOut(Schema):
    id: str
    title: str
    description: str
    language: str
    provider: dict[str, str] | None
    executing_partners: list[str]
    channel: str | None
    funding_source: str | None
    amount: str | None
    currency: str
    beneficiary_countries: list[str]
    articles: list[int]
    topics: list[str]
    start_date: dt.date | None
    end_date: dt.date | None
    status: str
    published: bool
    outputs: list[OutputOut]
    results: list[ResultIO]
    events: list[str]
    source: str
    url: str


class ActivityIn(Schema):
    """Create or update by `code`; lists left out keep their current value."""

    code: Identifier  # lower-cased by the service
    title: str | None = None
    description: str | None = None
    language: str | None = None
    provider_party: str | None = None
    provider_organisation: str | None = None
    executing_partners: list[str] | None = None
    channel: str | None = None
    funding_source: str | None = None
    amount: Any = None
    currency: str | None = None
    beneficiary_countries: list[str] | None = None
    articles: list[int] | None = None
    topics: list[str] | None = None
    start_date: str | None = None
    end_date: str | None = None
    status: str | None = None
    published: bool | None = None
    outputs: list[dict[str, str]] | None = None
    results: list[ResultIO] | None = None
    source: str | None = None
    note: str | None = None


class SaveOut(Schema):
    outcome: str
    activity: ActivityOut


class ActivityList(Schema):
    meta: ListMeta
    items: list[ActivityOut]


class ParticipationRow(Schema):
    country: str | None = None
    women: int = 0
    men: int = 0
    other: int = 0


class EventOut(Schema):
    id: str
    title: str
    kind: str
    series: str
    activity: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    date_text: str
    online: bool
    place: str
    country: str | None
    languages: list[str]
    organiser: str | None
    participation: list[ParticipationRow]
    attendance: dict[str, Any]
    participants_reported: int | None
    materials: list[dict[str, str]]
    source: str
    url: str


class EventList(Schema):
    meta: ListMeta
    items: list[EventOut]


class WorkProgrammeOut(Schema):
    meta: ListMeta
    items: list[dict[str, Any]]


class EventIn(Schema):
    """Create or update by `code`; fields left out keep their current value."""

    code: Identifier  # lower-cased by the service
    title: str | None = None
    kind: str | None = None
    series: str | None = None
    activity: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    date_text: str | None = None
    online: bool | None = None
    place: str | None = None
    country: str | None = None
    languages: list[str] | None = None
    organiser: str | None = None
    co_organisers: list[str] | None = None
    topics: list[str] | None = None
    participants_reported: int | None = None
    published: bool | None = None
    materials: list[dict[str, str]] | None = None
    source: str | None = None
    note: str | None = None


class EventSaveOut(Schema):
    outcome: str
    event: EventOut


class LinksIn(Schema):
    activities: list[str] = []
    events: list[str] = []
