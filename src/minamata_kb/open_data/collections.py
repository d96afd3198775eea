"""Every public collection as a bulk dump: CSV and JSON (and JSON Lines where an importer reads
them), in a stable order, only what an anonymous visitor may see.

Each collection reads through the selector its app already uses for visibility, with an
anonymous user, so a dump never holds more than the public pages and the public API show (a
secretariat officer downloading it gets the same bytes). Where the app has an exporter (resources,
activities, events) the dump is that exporter's output, so the resources JSONL and the
activities CSV re-import with `minamata-kb import resources|activities`; parties and
organisations are in the columns of their importers (`minamata-kb import parties|organisations`).
Other collections are the API's own records (`statement_out`, `need_out`), flattened for CSV:
lists joined with `;`, objects as JSON text. Every CSV goes through `core.tabular` (formula cells neutralised).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from minamata_kb.activities.exporting import activity_row, export_queryset
from minamata_kb.activities.exporting import to_csv as activities_csv
from minamata_kb.activities.models import Event
from minamata_kb.activities.selectors import export_events, visibility_filter
from minamata_kb.core import tabular
from minamata_kb.library.transfer import export_csv, export_jsonl, export_records
from minamata_kb.matching.api import need_out
from minamata_kb.matching.selectors import visible_needs
from minamata_kb.national_reports.models import Answer
from minamata_kb.national_reports.selectors import visible_reports
from minamata_kb.registry.models import Organisation, Party
from minamata_kb.search.services import visible_resources
from minamata_kb.submissions.api import statement_out
from minamata_kb.submissions.selectors import statements

ANON = AnonymousUser()


@dataclass(frozen=True)
class Collection:
    key: str
    title: Promise
    description: Promise
    records: Callable[[], list[dict[str, Any]]]
    csv: Callable[[], bytes] | None = None  # an app's own exporter, else flattened records
    jsonl: Callable[[], bytes] | None = None  # an importer's line format, where one exists
    modified: Callable[[], dt.datetime | dt.date | None] = lambda: None
    formats: tuple[str, ...] = field(default=("csv", "json"))

    def render(self, fmt: str) -> bytes:
        if fmt == "json":
            return to_json(self.records())
        if fmt == "csv":
            return self.csv() if self.csv is not None else to_csv(self.records())
        if fmt == "jsonl" and self.jsonl is not None:
            return self.jsonl()
        raise KeyError(fmt)

    @property
    def all_formats(self) -> tuple[str, ...]:
        return (*self.formats, "jsonl") if self.jsonl is not None else self.formats


def to_json(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, indent=1, cls=DjangoJSONEncoder).encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        if all(not isinstance(v, dict | list) for v in value):
            return ";".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder)
    return value


def to_csv(rows: list[dict[str, Any]], fields: list[str] | None = None) -> bytes:
    fields = fields or (list(rows[0]) if rows else [])
    buf = io.StringIO(newline="")
    writer = tabular.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in fields})
    return buf.getvalue().encode("utf-8")


# --- resources -----------------------------------------------------------------------------


def _resources_qs() -> Any:
    return visible_resources(ANON)


def _resources() -> list[dict[str, Any]]:
    return export_records(_resources_qs())


def _resources_csv() -> bytes:
    return export_csv(_resources_qs()).encode("utf-8")


def _resources_jsonl() -> bytes:
    return export_jsonl(_resources_qs()).encode("utf-8")


def _resources_modified() -> Any:
    return _resources_qs().aggregate(m=Max("updated_at"))["m"]


# --- activities and events ------------------------------------------------------------------


def _activities_qs() -> Any:
    return export_queryset().filter(visibility_filter(ANON))


def _activities() -> list[dict[str, str]]:
    """The exporter's rows. An output keeps its resource reference as text even when that
    resource is a draft, as on the public activity page (models.resolve_resource): only the
    draft's title stays hidden, and the reference may name no library record at all."""
    return [activity_row(a) for a in _activities_qs()]


def _activities_csv() -> bytes:
    return activities_csv(_activities_qs())


def _activities_modified() -> Any:
    return _activities_qs().aggregate(m=Max("updated_at"))["m"]


def _events() -> list[dict[str, Any]]:
    return list(json.loads(export_events("json")))


def _events_csv() -> bytes:
    return export_events("csv")


def _events_modified() -> Any:
    return Event.objects.filter(published=True).aggregate(m=Max("updated_at"))["m"]


# --- registry -------------------------------------------------------------------------------


PARTY_FIELDS = [
    "iso3", "name", "kind", "instrument", "deposit_date", "entry_into_force", "eif_basis",
    "date_status", "source", "note",
]  # fmt: skip
ORGANISATION_FIELDS = [
    "slug", "name", "acronym", "kind", "host_country", "city", "host_institution",
    "countries_served", "region_served", "conventions", "partnership_areas", "url", "iati_ref",
    "iati_ref_source", "source", "note",
]  # fmt: skip


def _parties() -> list[dict[str, Any]]:
    """Parties in the columns `minamata-kb import parties` reads (so the CSV re-imports)."""
    return [
        {
            "iso3": p.code,
            "name": p.name_en,
            "kind": p.kind,
            "instrument": p.instrument,
            "deposit_date": p.deposit_date,
            "entry_into_force": p.entry_into_force,
            "eif_basis": p.eif_basis,
            "date_status": p.date_status,
            "source": p.source,
            "note": p.note,
        }
        for p in Party.objects.order_by("code")
    ]


def _organisations() -> list[dict[str, Any]]:
    """Organisations in the columns `minamata-kb import organisations` reads."""
    qs = (
        Organisation.objects.select_related("host_country")
        .prefetch_related("countries_served")
        .order_by("slug")
    )
    return [
        {
            "slug": o.slug,
            "name": o.name,
            "acronym": o.acronym,
            "kind": o.kind,
            "host_country": o.host_country.iso3 if o.host_country else "",
            "city": o.city,
            "host_institution": o.host_institution,
            "countries_served": sorted(c.iso3 for c in o.countries_served.all()),
            "region_served": o.region_served,
            "conventions": o.conventions,
            "partnership_areas": o.partnership_areas,
            "url": o.url,
            "iati_ref": o.iati_ref,
            "iati_ref_source": o.iati_ref_source,
            "source": o.source,
            "note": o.note,
        }
        for o in qs
    ]


# --- statements, needs, national reports ----------------------------------------------------


def _statements() -> list[dict[str, Any]]:
    return [statement_out(s) for s in statements(ANON).order_by("submission_id", "position", "pk")]


def _needs() -> list[dict[str, Any]]:
    qs = visible_needs(ANON).prefetch_related("topics", "articles").order_by("pk")
    return [need_out(n) for n in qs]


def _needs_modified() -> Any:
    return visible_needs(ANON).aggregate(m=Max("updated_at"))["m"]


def _answers() -> list[dict[str, Any]]:
    reports = visible_reports(ANON)
    qs = (
        Answer.objects.filter(report__in=reports)
        .select_related("report__party", "report__cycle", "question")
        .order_by("report__cycle__code", "report__party__code", "question__number", "pk")
    )
    return [
        {
            "report": a.report_id,
            "party": a.report.party.code,
            "cycle": a.report.cycle.code,
            "submitted_at": a.report.submitted_at,
            "question": a.question.number,
            "value": a.value,
            "text": a.text,
            "comment": a.comment,
        }
        for a in qs
    ]


def _answers_modified() -> Any:
    return visible_reports(ANON).aggregate(m=Max("updated_at"))["m"]


COLLECTIONS: dict[str, Collection] = {
    c.key: c
    for c in (
        Collection(
            "resources",
            _("Library resources"),
            _("Published tools, guidance, training material and case studies."),
            _resources,
            csv=_resources_csv,
            jsonl=_resources_jsonl,
            modified=_resources_modified,
        ),
        Collection(
            "parties",
            _("Parties"),
            _("Parties to the Minamata Convention with their instrument and dates."),
            _parties,
        ),
        Collection(
            "organisations",
            _("Organisations"),
            _("Regional centres, agencies and other organisations with the countries they serve."),
            _organisations,
        ),
        Collection(
            "activities",
            _("Activities"),
            _("Published capacity-building and technical assistance activities."),
            _activities,
            csv=_activities_csv,
            modified=_activities_modified,
        ),
        Collection(
            "events",
            _("Events"),
            _("Published events with participants by gender."),
            _events,
            csv=_events_csv,
            modified=_events_modified,
        ),
        Collection(
            "statements",
            _("Statements"),
            _("Confirmed statements of published submissions."),
            _statements,
        ),
        Collection(
            "needs",
            _("Needs"),
            _("Published needs of parties for capacity building and technical assistance."),
            _needs,
            modified=_needs_modified,
        ),
        Collection(
            "national-report-answers",
            _("National report answers"),
            _("Answers of submitted and published national reports (Article 21)."),
            _answers,
            modified=_answers_modified,
        ),
    )
}

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson; charset=utf-8",
}
