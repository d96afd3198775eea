"""Reads: which activities and events a user may see, filters, attendance summaries."""

from __future__ import annotations

import io
import json
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from ninja import Schema

from minamata_kb.accounts.permissions import can_view, published_or_own
from minamata_kb.activities.models import Activity, Event, Participation
from minamata_kb.core import tabular
from minamata_kb.core.filtering import narrowed


def visibility_filter(user: Any) -> Q:
    """Published activities, plus drafts the user may edit."""
    return published_or_own(user, party="provider_party", organisation="provider_organisation")


class ActivityFilters(Schema):
    """The activity list's filters by their public names, declared once for the page, the API
    (its query parameters) and the home page; an empty one filters nothing."""

    country: str = ""
    region: str = ""
    topic: str = ""
    channel: str = ""
    status: str = ""
    provider: str = ""
    article: int | None = None
    q: str = ""


def activities(user: Any, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """Activities visible to `user`, filtered; ordered by code (stable)."""
    f = filters or ActivityFilters()
    qs = narrowed(
        Activity.objects.filter(visibility_filter(user)),
        beneficiary_countries__iso3=f.country.upper(),
        beneficiary_countries__region=f.region,
        topics__slug=f.topic,
        channel__slug=f.channel,
        status=f.status,
        articles__number=f.article or None,
    )
    if f.provider:
        qs = qs.filter(
            Q(provider_party__code=f.provider.upper()) | Q(provider_organisation__slug=f.provider)
        )
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(description__icontains=f.q))
    return (
        qs.distinct()
        .order_by("code")
        .select_related("provider_party", "provider_organisation", "channel", "funding_source")
    )


def events(user: Any, *, kind: str = "", series: str = "", country: str = "") -> QuerySet[Event]:
    """Events visible to `user` (published, or organised by the user's organisation)."""
    qs = narrowed(
        Event.objects.filter(published_or_own(user, organisation="organiser")),
        kind=kind,
        series=series,
        participation__country__iso3=country.upper(),
    )
    return qs.distinct().select_related("organiser", "country", "activity")


def attendance(event_ids: list[int] | QuerySet[Any]) -> dict[str, Any]:
    """Participants by gender, in total and by region, over the given events."""
    rows = Participation.objects.filter(event_id__in=event_ids)
    total = rows.aggregate(women=Sum("women"), men=Sum("men"), other=Sum("other"))
    total = {k: v or 0 for k, v in total.items()}
    total["all"] = total["women"] + total["men"] + total["other"]
    by_region = []
    for r in (
        rows.values("country__region")
        .annotate(women=Sum("women"), men=Sum("men"), other=Sum("other"))
        .order_by("country__region")
    ):
        all_ = (r["women"] or 0) + (r["men"] or 0) + (r["other"] or 0)
        by_region.append(
            {
                "region": r["country__region"] or "",
                "women": r["women"] or 0,
                "men": r["men"] or 0,
                "other": r["other"] or 0,
                "all": all_,
                "women_share": round(100 * (r["women"] or 0) / all_) if all_ else None,
            }
        )
    total["women_share"] = round(100 * total["women"] / total["all"]) if total["all"] else None
    return {"total": total, "by_region": by_region}


EVENT_FIELDS = [
    "code",
    "title",
    "kind",
    "series",
    "activity",
    "start_date",
    "end_date",
    "date_text",
    "online",
    "place",
    "country",
    "languages",
    "organiser",
    "women",
    "men",
    "other",
    "participants_reported",
    "source",
]


def linked_activity(e: Event, user: Any = None) -> Activity | None:
    """An event's activity if the reader may see it (the public: a published one): a published
    event does not make its unpublished activity's code or title public."""
    a = e.activity
    return a if a is not None and can_view(user, a) else None


def event_row(e: Event, user: Any = None) -> dict[str, Any]:
    """An event as flat data (exports and API), as `user` may see it (None: the public)."""
    part = list(e.participation.all())
    activity = linked_activity(e, user)
    return {
        "code": e.code,
        "title": e.title,
        "kind": e.kind,
        "series": e.series,
        "activity": activity.code if activity else "",
        "start_date": e.start_date.isoformat() if e.start_date else "",
        "end_date": e.end_date.isoformat() if e.end_date else "",
        "date_text": e.date_text,
        "online": e.online,
        "place": e.place,
        "country": e.country.iso3 if e.country else "",
        "languages": e.languages,
        "organiser": e.organiser.slug if e.organiser else "",
        "women": sum(p.women for p in part),
        "men": sum(p.men for p in part),
        "other": sum(p.other for p in part),
        "participants_reported": e.participants_reported,
        "source": e.source,
    }


def export_events(fmt: str) -> bytes:
    """Published events ordered by code, as CSV or JSON."""
    items = [
        event_row(e)
        for e in Event.objects.filter(published=True)
        .order_by("code")
        .select_related("activity", "country", "organiser")
        .prefetch_related("participation")
    ]
    if fmt == "json":
        return json.dumps(items, ensure_ascii=False, indent=1).encode("utf-8")
    buf = io.StringIO(newline="")
    fields = EVENT_FIELDS
    writer = tabular.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in items:
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def activities_for_party(user: Any, party: Any) -> QuerySet[Activity]:
    """Activities whose beneficiaries include the party's country (or that it provides)."""
    q = Q(provider_party=party)
    if party.country_id:
        q |= Q(beneficiary_countries=party.country_id)
    return Activity.objects.filter(visibility_filter(user)).filter(q).distinct().order_by("code")


def events_for_party(user: Any, party: Any) -> QuerySet[Event]:
    """Events with participants from the party's country."""
    if not party.country_id:
        return Event.objects.none()
    return (
        events(user)
        .filter(participation__country=party.country_id)
        .order_by(F("start_date").desc(nulls_last=True), "code")
    )
