"""Writes to activities, events and the work programme: one transaction, one audit record.

`save_activity` is the single entry point for creating or updating an activity (web form, API,
import, demo and the matching app all call it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import (
    can_act_for_organisation,
    can_act_for_party,
    can_edit,
    is_secretariat,
    require_act_for,
)
from minamata_kb.activities.forms import ActivityForm, BoundaryForm, EventForm
from minamata_kb.activities.models import (
    Activity,
    ActivityOutput,
    Event,
    EventMaterial,
    Participation,
    Result,
    WorkProgrammeItem,
)
from minamata_kb.activities.reference_fields import Lookups
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core.actors import Actor, signed_in

M2M_FIELDS = ("beneficiary_countries", "executing_partners", "topics", "articles")
EVENT_M2M = ("co_organisers", "topics")

_Record = TypeVar("_Record", Activity, Event)
_Form = TypeVar("_Form", ActivityForm, EventForm)


def activity_state(activity: Activity) -> dict[str, Any]:
    """Everything about an activity as JSON-safe data (the audit's before/after)."""
    data = snapshot(activity, [f for f in _FIELDS])
    data["beneficiary_countries"] = sorted(
        activity.beneficiary_countries.values_list("iso3", flat=True)
    )
    data["executing_partners"] = sorted(activity.executing_partners.values_list("slug", flat=True))
    data["topics"] = sorted(activity.topics.values_list("slug", flat=True))
    data["articles"] = sorted(activity.articles.values_list("number", flat=True))
    data["outputs"] = [
        [o.resource_ref, o.title, o.url] for o in activity.outputs.all().order_by("id")
    ]
    data["results"] = [
        [r.indicator, r.unit, str(r.baseline), str(r.target), str(r.actual)]
        for r in activity.results.all().order_by("id")
    ]
    return data


_FIELDS = [
    "code",
    "title",
    "description",
    "language",
    "provider_party",
    "provider_organisation",
    "channel",
    "funding_source",
    "amount",
    "currency",
    "start_date",
    "end_date",
    "status",
    "published",
    "source",
    "note",
]


def may_provide(actor: Actor, values: dict[str, Any]) -> bool:
    """May `actor` record an activity with this provider? (None is the system: CLI, loaders.)"""
    if actor is None:
        return True
    party, org = values.get("provider_party"), values.get("provider_organisation")
    if party is not None:
        return can_act_for_party(actor, party)
    if org is not None:
        return can_act_for_organisation(actor, org)
    return False


def _check_edit(actor: Actor, record: Activity | Event | None) -> None:
    """Refuse a change to an existing activity or event the actor may not edit; a new record
    (None) passes here (who it is for is checked on its values), and so does the system."""
    if record is None or actor is None or can_edit(actor, record):
        return
    if isinstance(record, Activity):
        raise PermissionDenied(_("You may not change this activity."))
    raise PermissionDenied(_("You may not change this event."))


def _save(
    actor: Actor,
    model: type[_Record],
    form_class: type[_Form],
    write: Callable[[Actor, _Form], tuple[_Record, str]],
    data: dict[str, Any],
    lookups: Lookups | None,
) -> tuple[_Record, str]:
    """Create or update the record `data["code"]` names (codes are stored lower-case): its
    form reads the raw input over the record's current values, `write` writes it."""
    existing = model.objects.filter(code=str(data.get("code") or "").strip().lower()).first()
    # Refused before its values are merged and validated: no error may echo them.
    _check_edit(actor, existing)
    return write(actor, form_class(data, instance=existing, lookups=lookups))


def _checked_values(actor: Actor, form: BoundaryForm) -> dict[str, Any]:
    """A bound form's values: ValidationError with every problem, then PermissionDenied when
    its record is one the actor may not change."""
    if not form.is_valid():
        raise form.validation_error()
    _check_edit(actor, form.instance)
    return dict(form.cleaned_data)


@transaction.atomic
def save_activity(
    actor: Actor, data: dict[str, Any], *, lookups: Lookups | None = None
) -> tuple[Activity, str]:
    """Create or update the activity `data["code"]`; raise ValidationError with every problem.

    `data` is raw input, read by `forms.ActivityForm` (see its fields): provider_party (party
    code) or provider_organisation (slug), executing_partners (slugs), channel and
    funding_source (channel slugs), amount, currency (ISO 4217), beneficiary_countries (ISO3),
    articles (numbers), topics (slugs), start_date, end_date, status, published, outputs
    ([{resource_ref, title, url}]) and results ([{indicator, unit, baseline, target, actual}]).
    What is left out keeps its current value.
    """
    return _save(actor, Activity, ActivityForm, write_activity, data, lookups)


@transaction.atomic
def write_activity(actor: Actor, form: ActivityForm) -> tuple[Activity, str]:
    """Write a bound `ActivityForm` (page, API or file row); returns (activity, outcome)."""
    values = _checked_values(actor, form)
    activity: Activity | None = form.instance
    if not may_provide(actor, values):
        raise PermissionDenied(
            _("You may record activities only for your own party or organisation.")
        )
    before = activity_state(activity) if activity is not None else None
    if activity is None:
        activity = Activity(code=values["code"], created_by=signed_in(actor))
    for key in _FIELDS[1:]:
        if key in values:
            setattr(activity, key, values[key])
    activity.full_clean(exclude=["created_by"], validate_unique=False)
    activity.save()
    for key in M2M_FIELDS:
        if key in values:
            getattr(activity, key).set(values[key])
    if values.get("outputs") is not None:
        activity.outputs.all().delete()
        ActivityOutput.objects.bulk_create(
            ActivityOutput(activity=activity, **o) for o in values["outputs"]
        )
    if values.get("results") is not None:
        activity.results.all().delete()
        Result.objects.bulk_create(Result(activity=activity, **r) for r in values["results"])
    return activity, _record(actor, activity, before, activity_state(activity))


def _record(actor: Actor, obj: Any, before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """Audit a write; the outcome: created, updated or unchanged."""
    if before is None:
        record_change(actor, ChangeRecord.Action.CREATE, obj, None, after)
        return "created"
    if before == after:
        return "unchanged"
    record_change(actor, ChangeRecord.Action.UPDATE, obj, before, after)
    return "updated"


# --- events ---------------------------------------------------------------------------------


@transaction.atomic
def set_participation(actor: Actor, event: Event, rows: list[dict[str, Any]]) -> Event:
    """Replace an event's participation (country ISO3 or blank, women, men, other)."""
    _check_edit(actor, event)
    lk = Lookups()
    errors: dict[str, list[str]] = {}
    clean: list[Participation] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        iso = str(row.get("country") or "").strip().upper()
        if iso and iso not in lk.countries:
            errors.setdefault(f"participation.{i}.country", []).append(
                _("unknown country %(value)r") % {"value": iso}
            )
        if iso in seen:
            errors.setdefault(f"participation.{i}.country", []).append(
                _("country %(value)r appears twice") % {"value": iso}
            )
        seen.add(iso)
        counts = {}
        for key in ("women", "men", "other"):
            raw = row.get(key) or 0
            try:
                n = int(str(raw).strip())
                if n < 0:
                    raise ValueError
            except ValueError:
                errors.setdefault(f"participation.{i}.{key}", []).append(
                    _("not a whole number of people: %(value)r") % {"value": raw}
                )
                n = 0
            counts[key] = n
        clean.append(Participation(event=event, country=lk.countries.get(iso), **counts))
    if errors:
        raise ValidationError(errors)
    before = [
        [p.country.iso3 if p.country else "", p.women, p.men, p.other]
        for p in event.participation.all()
    ]
    event.participation.all().delete()
    Participation.objects.bulk_create(clean)
    after = [[p.country.iso3 if p.country else "", p.women, p.men, p.other] for p in clean]
    record_change(
        actor,
        ChangeRecord.Action.UPDATE,
        event,
        {"participation": before},
        {"participation": after},
    )
    return event


def event_state(event: Event) -> dict[str, Any]:
    """An event as JSON-safe data (the audit's before/after)."""
    data = snapshot(event)
    data.pop("created_at", None)
    data.pop("updated_at", None)
    data["co_organisers"] = sorted(event.co_organisers.values_list("slug", flat=True))
    data["topics"] = sorted(event.topics.values_list("slug", flat=True))
    data["materials"] = [
        [m.kind, m.resource_ref, m.title, m.url] for m in event.materials.all().order_by("id")
    ]
    return data


def may_record_event(actor: Actor, values: dict[str, Any]) -> bool:
    """The secretariat; an editor for its organisation; a focal point for its party's activity."""
    if actor is None or is_secretariat(actor):
        return True
    org = values.get("organiser")
    if org is not None and can_act_for_organisation(actor, org):
        return True
    activity = values.get("activity")
    return bool(
        org is None
        and activity is not None
        and activity.provider_party is not None
        and can_act_for_party(actor, activity.provider_party)
    )


@transaction.atomic
def save_event(
    actor: Actor, data: dict[str, Any], *, lookups: Lookups | None = None
) -> tuple[Event, str]:
    """Create or update the event `data["code"]` from raw input, read by `forms.EventForm`;
    ValidationError lists all problems. Keys: title, kind, series, activity (code),
    start_date, end_date, date_text, online, place, country (ISO3), languages, organiser and
    co_organisers (slugs), topics, participants_reported, published, source, note, materials
    ([{kind, resource_ref, title, url}]). Omitted keys keep their current value."""
    return _save(actor, Event, EventForm, write_event, data, lookups)


@transaction.atomic
def write_event(actor: Actor, form: EventForm) -> tuple[Event, str]:
    """Write a bound `EventForm` (page or API); returns (event, outcome)."""
    values = _checked_values(actor, form)
    event: Event | None = form.instance
    if not may_record_event(actor, values):
        raise PermissionDenied(_("You may record events only for your own organisation."))
    activity = values.get("activity")
    if actor is not None and activity is not None:
        if event is None or event.activity_id != activity.pk:
            # Linking an event to an activity adds to that activity's record (participants,
            # results): only for an activity the actor may act for.
            require_act_for(actor, activity, "activity")
    before = event_state(event) if event is not None else None
    if event is None:
        event = Event(code=values["code"])
    for key, value in values.items():
        if key not in {"code", "materials", *EVENT_M2M}:
            setattr(event, key, value)
    event.full_clean(validate_unique=False)
    event.save()
    for key in EVENT_M2M:
        if key in values:
            getattr(event, key).set(values[key])
    if values.get("materials") is not None:
        event.materials.all().delete()
        EventMaterial.objects.bulk_create(
            EventMaterial(event=event, **m) for m in values["materials"]
        )
    return event, _record(actor, event, before, event_state(event))


@transaction.atomic
def link_to_item(
    actor: Actor, item: WorkProgrammeItem, *, activities: list[str], events: list[str]
) -> WorkProgrammeItem:
    """The secretariat links the activities and events that deliver a work-programme item."""
    if actor is not None and not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat plans the work programme."))
    acts = list(Activity.objects.filter(code__in=activities))
    evs = list(Event.objects.filter(code__in=events))
    errors: dict[str, list[str]] = {}
    missing = sorted(set(activities) - {a.code for a in acts})
    if missing:
        errors["activities"] = [_("unknown activity %(value)r") % {"value": ", ".join(missing)}]
    missing = sorted(set(events) - {e.code for e in evs})
    if missing:
        errors["events"] = [_("unknown event %(value)r") % {"value": ", ".join(missing)}]
    if errors:
        raise ValidationError(errors)
    before = {
        "activities": sorted(item.activities.values_list("code", flat=True)),
        "events": sorted(item.events.values_list("code", flat=True)),
    }
    item.activities.set(acts)
    item.events.set(evs)
    after = {"activities": sorted(a.code for a in acts), "events": sorted(e.code for e in evs)}
    if before != after:
        record_change(actor, ChangeRecord.Action.UPDATE, item, before, after)
    return item
