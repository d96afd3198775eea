"""API shapes of assistance requests."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from minamata_kb.core.listing import ListMeta


class RequestOut(Schema):
    id: int
    reference: str
    party: str
    kind: str
    title: str
    text: str
    articles: list[int]
    topics: list[str]
    state: str
    received_at: dt.datetime
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    due_date: dt.date | None = None
    assignee: str | None = None
    reason: str
    answer: str
    answer_resources: list[str]
    answer_activities: list[str]
    published: bool
    plan: str = ""
    delivery_activities: list[str] = []
    rating: int | None = None
    feedback: str = ""
    feedback_at: dt.datetime | None = None
    url: str


class RequestList(Schema):
    meta: ListMeta
    items: list[RequestOut]


class RequestIn(Schema):
    party: str | None = None
    kind: str
    title: str
    text: str
    articles: list[int] = []
    topics: list[str] = []


class TransitionIn(Schema):
    state: str
    reason: str = ""
    assignee: str | None = None
    due_date: dt.date | None = None
    answer: str = ""
    resources: list[str] = []
    activities: list[str] = []
    plan: str = ""
    rating: int | None = None
    feedback: str = ""


class FeedbackIn(Schema):
    rating: int
    feedback: str = ""
