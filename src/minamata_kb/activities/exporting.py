"""Export activities as CSV, XLSX or IATI 2.03 activity XML (stable order: by code).

The CSV/XLSX columns are exactly the import columns, so an export can be edited and imported
back. The IATI file is checked against the official 2.03 schema in the tests
(`schemas_iati/`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path

from django.db.models import QuerySet
from lxml import etree

from minamata_kb.activities.importing import COLUMNS
from minamata_kb.activities.models import Activity
from minamata_kb.core import tabular

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas_iati"


def export_queryset() -> QuerySet[Activity]:
    """Published and draft activities in a stable order, with their relations loaded."""
    return (
        Activity.objects.order_by("code")
        .select_related("provider_party", "provider_organisation", "channel", "funding_source")
        .prefetch_related(
            "beneficiary_countries",
            "executing_partners",
            "topics",
            "articles",
            "outputs",
            "results",
        )
    )


def activity_row(a: Activity) -> dict[str, str]:
    """One activity as the import/export columns (lists joined by ';', sorted)."""
    return {
        "code": a.code,
        "title": a.title,
        "description": a.description,
        "language": a.language,
        "provider_party": a.provider_party.code if a.provider_party else "",
        "provider_organisation": a.provider_organisation.slug if a.provider_organisation else "",
        "executing_partners": ";".join(sorted(o.slug for o in a.executing_partners.all())),
        "channel": a.channel.slug if a.channel else "",
        "funding_source": a.funding_source.slug if a.funding_source else "",
        "amount": "" if a.amount is None else str(a.amount),
        "currency": a.currency,
        "beneficiary_countries": ";".join(sorted(c.iso3 for c in a.beneficiary_countries.all())),
        "articles": ";".join(str(n) for n in sorted(x.number for x in a.articles.all())),
        "topics": ";".join(sorted(t.slug for t in a.topics.all())),
        "start_date": a.start_date.isoformat() if a.start_date else "",
        "end_date": a.end_date.isoformat() if a.end_date else "",
        "status": a.status,
        "published": "yes" if a.published else "no",
        "outputs": ";".join(o.resource_ref for o in a.outputs.all() if o.resource_ref),
        "source": a.source,
        "note": a.note,
    }


def to_csv(activities: Iterable[Activity]) -> bytes:
    """UTF-8 CSV with a header row."""
    buf = io.StringIO(newline="")
    writer = tabular.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for a in activities:
        writer.writerow(activity_row(a))
    return buf.getvalue().encode("utf-8")


def to_xlsx(activities: Iterable[Activity]) -> bytes:
    """One sheet, header row first; dates as text so the file round-trips through import.

    Text cells are string cells, never formulas (`core.tabular.xlsx_append`)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "activities"
    sheet.append(COLUMNS)
    for a in activities:
        row = activity_row(a)
        tabular.xlsx_append(sheet, [row[c] for c in COLUMNS])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def to_iati(activities: Iterable[Activity], *, generated: dt.datetime | None = None) -> bytes:
    """An <iati-activities version="2.03"> document (built by activities/iati/export.py)."""
    from minamata_kb.activities.iati.export import build

    return build(activities, generated=generated).xml


def iati_schema() -> etree.XMLSchema:
    """The official IATI 2.03 activity schema shipped with this app."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def export(fmt: str, activities: Iterable[Activity] | None = None) -> bytes:
    """Bytes of the export in `fmt` (csv, xlsx or iati)."""
    items = list(activities if activities is not None else export_queryset())
    if fmt == "csv":
        return to_csv(items)
    if fmt == "xlsx":
        return to_xlsx(items)
    if fmt == "iati":
        return to_iati(items)
    raise ValueError(f"unknown format {fmt!r}; one of csv, xlsx, iati")
