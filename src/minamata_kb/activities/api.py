"""HTTP API of the activities app (mounted under /api/v1/)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status
from ninja.security import django_auth

from minamata_kb.accounts.permissions import can_view, is_secretariat
from minamata_kb.activities import selectors, services, workprogramme
from minamata_kb.activities.models import Activity, Event, WorkProgrammeItem
from minamata_kb.activities.schemas import (
    ActivityIn,
    ActivityList,
    ActivityOut,
    EventIn,
    EventList,
    EventOut,
    EventSaveOut,
    LinksIn,
    ParticipationRow,
    SaveOut,
    WorkProgrammeOut,
)
from minamata_kb.core.apiauth import SignedInAs
from minamata_kb.core.envelope import found
from minamata_kb.core.listing import paged
from minamata_kb.taxonomy.selectors import profile_codes

router = Router(tags=["activities"])
# Role checks run before the body is read (core/apiauth.py).
SECRETARIAT = SignedInAs(
    is_secretariat, gettext_lazy("Only the secretariat plans the work programme.")
)
MAX_LIMIT = 500


def activity_out(a: Activity) -> dict[str, Any]:
    provider = None
    if a.provider_party:
        provider = {"kind": "party", "id": a.provider_party.code, "name": a.provider_party.name}
    elif a.provider_organisation:
        provider = {
            "kind": "organisation",
            "id": a.provider_organisation.slug,
            "name": a.provider_organisation.name,
        }
    outputs = []
    for o in a.outputs.all():
        res = o.resource
        outputs.append(
            {
                "resource_ref": o.resource_ref,
                "title": o.title or (res.title if res is not None else ""),
                "url": o.url,
                "resource_url": res.get_absolute_url() if res is not None else None,
            }
        )
    return {
        "id": a.code,
        "title": a.title,
        "description": a.description,
        "language": a.language,
        "provider": provider,
        "executing_partners": sorted(o.slug for o in a.executing_partners.all()),
        "channel": a.channel.slug if a.channel else None,
        "funding_source": a.funding_source.slug if a.funding_source else None,
        "amount": None if a.amount is None else str(a.amount),
        "currency": a.currency,
        "beneficiary_countries": sorted(c.iso3 for c in a.beneficiary_countries.all()),
        **profile_codes(a),
        "start_date": a.start_date,
        "end_date": a.end_date,
        "status": a.status,
        "published": a.published,
        "outputs": outputs,
        "results": [
            {
                "indicator": r.indicator,
                "unit": r.unit,
                "baseline": None if r.baseline is None else str(r.baseline),
                "target": None if r.target is None else str(r.target),
                "actual": None if r.actual is None else str(r.actual),
            }
            for r in a.results.all()
        ],
        "events": sorted(e.code for e in a.events.all()),
        "source": a.source,
        "url": a.get_absolute_url(),
    }


def _prefetched(qs: Any) -> Any:
    return qs.prefetch_related(
        "executing_partners",
        "beneficiary_countries",
        "articles",
        "topics",
        "outputs",
        "results",
        "events",
    )


@router.get("/activities", response=ActivityList, summary="Capacity-building activities")
def list_activities(
    request: HttpRequest,
    filters: Query[selectors.ActivityFilters],
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    qs = selectors.activities(request.user, filters)
    return paged(
        _prefetched(qs), limit=limit, offset=offset, most=MAX_LIMIT, out=activity_out, clamp=True
    )


@router.get("/activities/{code}", response=ActivityOut)
def get_activity(request: HttpRequest, code: str) -> dict[str, Any]:
    a = _prefetched(Activity.objects.filter(code=code)).first()
    if a is None or not can_view(request.user, a):
        raise Http404(f"No activity {code!r}")
    return activity_out(a)


@router.post("/activities", response={200: SaveOut, 201: SaveOut}, auth=django_auth)
def save_activity(request: HttpRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    """Create or update an activity; errors come back field by field (422)."""
    data = payload.dict(exclude_none=True)
    if "results" in data:
        data["results"] = [dict(r) for r in data["results"]]
    activity, outcome = services.save_activity(request.user, data)
    a = _prefetched(Activity.objects.filter(pk=activity.pk)).get()
    return Status(
        201 if outcome == "created" else 200, {"outcome": outcome, "activity": activity_out(a)}
    )


def event_out(e: Event, user: Any = None) -> dict[str, Any]:
    rows = list(e.participation.all())
    activity = selectors.linked_activity(e, user)
    return {
        "id": e.code,
        "title": e.title,
        "kind": e.kind,
        "series": e.series,
        "activity": activity.code if activity else None,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "date_text": e.date_text,
        "online": e.online,
        "place": e.place,
        "country": e.country.iso3 if e.country else None,
        "languages": [x for x in e.languages.split(";") if x],
        "organiser": e.organiser.slug if e.organiser else None,
        "participation": [
            {
                "country": p.country.iso3 if p.country else None,
                "women": p.women,
                "men": p.men,
                "other": p.other,
            }
            for p in rows
        ],
        "attendance": {
            "women": sum(p.women for p in rows),
            "men": sum(p.men for p in rows),
            "other": sum(p.other for p in rows),
            "all": sum(p.total for p in rows),
        },
        "participants_reported": e.participants_reported,
        "materials": [
            {"kind": m.kind, "resource_ref": m.resource_ref, "title": m.title, "url": m.url}
            for m in e.materials.all()
        ],
        "source": e.source,
        "url": e.get_absolute_url(),
    }


@router.get("/events", response=EventList, summary="Events with participants by gender")
def list_events(
    request: HttpRequest, kind: str = "", series: str = "", country: str = ""
) -> dict[str, Any]:
    qs = selectors.events(request.user, kind=kind, series=series, country=country).order_by("code")
    qs = qs.prefetch_related("participation__country", "materials")
    items = [event_out(e, request.user) for e in qs]
    summary = selectors.attendance(qs.values("pk"))
    return {"meta": {"count": len(items), "attendance": summary}, "items": items}


@router.get("/events/{code}", response=EventOut)
def get_event(request: HttpRequest, code: str) -> dict[str, Any]:
    e = Event.objects.filter(code=code).first()
    if e is None or not can_view(request.user, e):
        raise Http404(f"No event {code!r}")
    return event_out(e, request.user)


@router.post("/events", response={200: EventSaveOut, 201: EventSaveOut}, auth=django_auth)
def save_event(request: HttpRequest, payload: EventIn) -> Status[dict[str, Any]]:
    """Create or update an event; errors come back field by field (422)."""
    event, outcome = services.save_event(request.user, payload.dict(exclude_none=True))
    event = Event.objects.get(pk=event.pk)
    return Status(
        201 if outcome == "created" else 200,
        {"outcome": outcome, "event": event_out(event, request.user)},
    )


@router.put("/events/{code}/participation", response=EventOut, auth=django_auth)
def put_participation(
    request: HttpRequest, code: str, payload: list[ParticipationRow]
) -> dict[str, Any]:
    e = Event.objects.filter(code=code).first()
    if e is None or not can_view(request.user, e):
        raise Http404(f"No event {code!r}")
    services.set_participation(request.user, e, [p.dict() for p in payload])
    return event_out(e, request.user)


@router.get("/work-programme", response=WorkProgrammeOut, summary="Planned against delivered")
def work_programme(request: HttpRequest, biennium: str = "") -> dict[str, Any]:
    rows = workprogramme.summary(biennium, request.user)
    return {
        "meta": {
            "count": len(rows),
            "biennium": rows[0]["biennium"] if rows else biennium,
            "bienniums": workprogramme.bienniums(),
        },
        "items": rows,
    }


@router.put("/work-programme/{item_id}/links", response=WorkProgrammeOut, auth=SECRETARIAT)
def set_links(request: HttpRequest, item_id: int, payload: LinksIn) -> dict[str, Any]:
    """The secretariat sets the activities and events that deliver an item."""
    item = found(
        WorkProgrammeItem.objects.filter(pk=item_id).first(), f"No work-programme item {item_id}"
    )
    services.link_to_item(request.user, item, activities=payload.activities, events=payload.events)
    return work_programme(request, item.biennium)
