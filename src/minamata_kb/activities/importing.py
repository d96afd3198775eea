"""Import activities from CSV or XLSX: validate every row, then write all rows or none.

Existing activities (same `code`) are updated; a column left out of the file leaves that
field as it is; an empty cell in a present column clears it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from minamata_kb.activities.fields import split_list
from minamata_kb.activities.forms import COLUMNS, ActivityForm
from minamata_kb.activities.models import Activity
from minamata_kb.activities.reference_fields import Lookups
from minamata_kb.activities.services import write_activity
from minamata_kb.core.actors import Actor
from minamata_kb.core.importing import (
    ImportRejected,
    ImportReport,
    RowError,
    read_bytes,
    read_csv_rows,
)
from minamata_kb.core.tabular import open_workbook

REQUIRED = ["code", "title"]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet keyed by the header row; a broken file rejects the import."""
    with open_workbook(read_bytes(path), path.name) as book:
        if not book.worksheets:
            raise ImportRejected([RowError(1, "", "the workbook has no sheet", path.name)])
        sheet = book.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        try:
            header = [str(h).strip() if h is not None else "" for h in next(rows_iter)]
        except StopIteration:
            raise ImportRejected([RowError(1, "", "the sheet is empty", path.name)]) from None
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ImportRejected(
                [RowError(1, c, "required column is missing", path.name) for c in missing]
            )
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(rows_iter, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            row = {h: _cell(v) for h, v in zip(header, values, strict=False) if h}
            rows.append((number, row))
    return rows


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """CSV or XLSX by extension."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx_rows(path)
    return read_csv_rows(path, REQUIRED)


def import_activities(path: Path, *, actor: Actor = None, dry_run: bool = False) -> ImportReport:
    """Upsert activities from a CSV/XLSX file; any bad cell rejects the whole file."""
    rows = read_rows(path)
    lookups = Lookups()
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    forms: list[ActivityForm] = []
    for line, row in rows:
        for col in [k for k in row if k and k not in COLUMNS]:
            errors.append(RowError(line, col, "unknown column", path.name))
        code = str(row.get("code") or "").strip().lower()
        if code in seen:
            errors.append(RowError(line, "code", f"duplicate of line {seen[code]}", path.name))
            continue
        seen[code] = line
        existing = Activity.objects.filter(code=code).first() if code else None
        data = {k: v for k, v in row.items() if k in COLUMNS}
        # A file with one provider column names the provider: the other one is cleared.
        for given, other in (
            ("provider_party", "provider_organisation"),
            ("provider_organisation", "provider_party"),
        ):
            if data.get(given) and other not in row:
                data[other] = ""
        if "outputs" in data and existing is not None:
            # The file carries output ids only: keep the stored titles and URLs when the ids
            # are the same, so an export imported back changes nothing.
            refs = [o.resource_ref for o in existing.outputs.all().order_by("id")]
            if refs == [r[:200] for r in split_list(data["outputs"])]:
                del data["outputs"]
        form = ActivityForm(data, instance=existing, lookups=lookups)
        for key, messages in form.errors.items():
            errors.extend(RowError(line, key, str(m), path.name) for m in messages)
        forms.append(form)
    if errors:
        raise ImportRejected(errors)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for form in forms:
            code = form.cleaned_data["code"]
            if dry_run:
                (report.created if form.instance is None else report.updated).append(code)
                continue
            _activity, outcome = write_activity(actor, form)
            getattr(report, outcome).append(code)
    return report
