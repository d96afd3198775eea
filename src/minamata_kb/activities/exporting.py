"""Export activities as CSV, XLSX or IATI 2.03 activity XML (stable order: by code).

The CSV/XLSX columns are exactly the import columns (`forms.COLUMNS`), so an export can be
edited and imported back. The IATI file is checked against the official 2.03 schema in the
tests (`schemas_iati/`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path

from django.db.models import QuerySet
from lxml import etree

from minamata_kb.activities.forms import COLUMNS, ActivityForm
from minamata_kb.activities.iati.export import build
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
    values = ActivityForm.values_of(a)
    return {name: ActivityForm.base_fields[name].as_text(values[name]) for name in COLUMNS}  # type: ignore[attr-defined]


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
