"""Pages of activities, events and the work programme (thin: they call selectors/services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import (
    can_edit,
    can_view,
    is_secretariat,
    user_organisation,
    user_party,
)
from minamata_kb.activities import exporting, selectors, services, workprogramme
from minamata_kb.activities.forms import ActivityForm, EventForm, LinkForm, ParticipationForm
from minamata_kb.activities.models import Activity, Event, WorkProgrammeItem
from minamata_kb.core.filtering import params
from minamata_kb.core.forms import form_page, show_errors
from minamata_kb.registry.models import Country
from minamata_kb.taxonomy.models import Channel, Topic

CONTENT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "activities.csv"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "activities.xlsx",
    ),
    "iati": ("application/xml", "activities-iati.xml"),
}


def _may_record(user: Any) -> bool:
    return (
        is_secretariat(user) or user_party(user) is not None or user_organisation(user) is not None
    )


def activity_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = selectors.ActivityFilters(
        **params(g, "country", "region", "topic", "channel", "status", "provider"),
        q=g.get("q", "")[:200],
    )
    qs = selectors.activities(request.user, filters).prefetch_related("beneficiary_countries")
    if g.get("published") == "no":
        qs = qs.filter(published=False)
    page = Paginator(qs, 50).get_page(g.get("page"))
    return render(
        request,
        "activities/activity_list.html",
        {
            "page": page,
            "channels": Channel.objects.all(),
            "topics": Topic.objects.all(),
            "statuses": Activity.Status.choices,
            "regions": sorted(
                set(Country.objects.exclude(region="").values_list("region", flat=True))
            ),
            "may_record": _may_record(request.user),
            "filters": g,
        },
    )


def activity_detail(request: HttpRequest, code: str) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related(
            "provider_party", "provider_organisation", "channel", "funding_source"
        ),
        code=code,
    )
    if not can_view(request.user, activity):
        raise Http404
    return render(
        request,
        "activities/activity_detail.html",
        {
            "a": activity,
            "may_edit": can_edit(request.user, activity),
            "events": activity.events.filter(published=True),
            "items": activity.work_programme_items.all(),
        },
    )


def _saved(request: HttpRequest, form: Any, write: Any) -> HttpResponse | None:
    """Write a posted activity or event form: the record's page, or None to show the form
    again with what is wrong."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved, _outcome = write(request.user, form)
    except ValidationError as exc:  # the model's own checks (full_clean)
        show_errors(form, exc)
        return None
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, _("Saved."))
    return redirect(saved.get_absolute_url())


def _record_page(
    request: HttpRequest,
    record: Activity | Event | None,
    form_class: Any,
    write: Any,
    *,
    refused: str,
    heading: str,
    initial: dict[str, Any],
) -> HttpResponse:
    """The page that records a new activity or event (the form starts from `initial`) or edits
    `record`: refused to those who may not, saved by `write`, else the form again."""
    if record is not None and not can_edit(request.user, record):
        raise PermissionDenied(refused)
    if record is None and not _may_record(request.user):
        raise PermissionDenied(
            _("Only the secretariat, focal points and partner editors record activities.")
        )
    form = form_class(
        request.POST or None, instance=record, page=True, initial=initial if record is None else {}
    )
    return _saved(request, form, write) or form_page(
        request, form, heading, above="activities/_subnav.html"
    )


@login_required
def activity_edit(request: HttpRequest, code: str = "") -> HttpResponse:
    activity = get_object_or_404(Activity, code=code) if code else None
    party, org = user_party(request.user), user_organisation(request.user)
    return _record_page(
        request,
        activity,
        ActivityForm,
        services.write_activity,
        refused=_("You may not change this activity."),
        heading=_("Edit activity") if activity else _("Record an activity"),
        initial={
            "provider_party": party.code if party else "",
            "provider_organisation": org.slug if org else "",
        },
    )


def activity_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in CONTENT_TYPES:
        raise Http404(_("Unknown format."))
    qs = exporting.export_queryset().filter(pk__in=selectors.activities(request.user).values("pk"))
    content_type, filename = CONTENT_TYPES[fmt]
    response = HttpResponse(exporting.export(fmt, qs), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    qs = selectors.events(request.user, **params(g, "kind", "series", "country")).prefetch_related(
        "participation"
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    return render(
        request,
        "activities/event_list.html",
        {
            "page": page,
            "rows": [
                (
                    e,
                    sum(p.women for p in e.participation.all()) if e.participation.all() else None,
                    sum(p.men for p in e.participation.all()) if e.participation.all() else None,
                )
                for e in page
            ],
            "kinds": Event.Kind.choices,
            "series_list": sorted(
                set(Event.objects.exclude(series="").values_list("series", flat=True))
            ),
            "summary": selectors.attendance(qs.values("pk")),
            "filters": g,
            "may_record": _may_record(request.user),
        },
    )


def event_detail(request: HttpRequest, code: str) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.select_related("organiser", "country", "activity"), code=code
    )
    if not can_view(request.user, event):
        raise Http404
    may_edit = request.user.is_authenticated and can_edit(request.user, event)
    form = None
    if may_edit:
        rows = "\n".join(
            f"{p.country.iso3 if p.country else ''}, {p.women}, {p.men}, {p.other}"
            for p in event.participation.all()
        )
        form = ParticipationForm(request.POST or None, initial={"rows": rows})
        if request.method == "POST" and form.is_valid():
            try:
                services.set_participation(request.user, event, form.parsed())
            except ValidationError as exc:
                for key, errs in exc.message_dict.items():
                    form.add_error("rows", f"{key}: {' '.join(errs)}")
            else:
                messages.success(request, _("Participation saved."))
                return redirect(event.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied(_("You may not change this event."))
    return render(
        request,
        "activities/event_detail.html",
        {
            "e": event,
            "activity": selectors.linked_activity(event, request.user),
            "rows": event.participation.select_related("country"),
            "summary": selectors.attendance([event.pk]),
            "form": form,
            "may_edit": may_edit,
        },
    )


def work_programme(request: HttpRequest) -> HttpResponse:
    biennium = request.GET.get("biennium", "")
    rows = workprogramme.summary(biennium, request.user)
    if request.GET.get("format") in ("csv", "json"):
        fmt = request.GET["format"]
        response = HttpResponse(
            workprogramme.export_work_programme(fmt, biennium, request.user),
            content_type="text/csv; charset=utf-8" if fmt == "csv" else "application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="work-programme.{fmt}"'
        return response
    return render(
        request,
        "activities/work_programme.html",
        {
            "rows": [
                {
                    **r,
                    "pk": r["id"],
                    "acts": [c for c in r["linked_activities"].split(";") if c],
                    "evs": [c for c in r["linked_events"].split(";") if c],
                }
                for r in rows
            ],
            "bienniums": workprogramme.bienniums(),
            "biennium": rows[0]["biennium"] if rows else biennium,
            "may_plan": is_secretariat(request.user),
        },
    )


@login_required
def event_edit(request: HttpRequest, code: str = "") -> HttpResponse:
    event = get_object_or_404(Event, code=code) if code else None
    org = user_organisation(request.user)
    return _record_page(
        request,
        event,
        EventForm,
        services.write_event,
        refused=_("You may not change this event."),
        heading=_("Edit event") if event else _("Record an event"),
        initial={"organiser": org.slug if org else ""},
    )


@login_required
def work_programme_link(request: HttpRequest) -> HttpResponse:
    """The secretariat links activities and events to an item (POST from the page)."""
    if request.method != "POST" or not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat plans the work programme."))
    form = LinkForm(request.POST)
    if form.is_valid():
        item = get_object_or_404(WorkProgrammeItem, pk=form.cleaned_data["item"])
        try:
            services.link_to_item(
                request.user,
                item,
                activities=form.cleaned_data["activities"],
                events=form.cleaned_data["events"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{reverse('activities:work_programme')}?biennium={item.biennium}")
    messages.error(request, _("Unknown format."))
    return redirect("activities:work_programme")
