"""Import resources from JSON Lines, export them as JSON Lines or CSV (stable order)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from typing import Any

from minamata_kb.core import tabular
from minamata_kb.core.actors import Actor
from minamata_kb.core.importing import ImportReport, RowError
from minamata_kb.library.models import Resource
from minamata_kb.library.records import RecordError, parse_record
from minamata_kb.library.services import save_resource

MAX_LINE_BYTES = 5 * 1024 * 1024


def said(problem: RowError) -> str:
    """A line's problem as the import command and the demo print it (after file:line:)."""
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


def import_lines(
    lines: Iterable[bytes],
    *,
    actor: Actor = None,
    progress: Callable[[int], None] | None = None,
    rename: dict[str, str] | None = None,
) -> ImportReport:
    """Upsert one resource per JSON line; a bad line is recorded and skipped, good lines kept
    (the report lists the ids created, updated and unchanged).

    Each line is its own transaction, so a failure never leaves a resource half-written.
    """
    out = ImportReport()
    seen: set[str] = set()
    for n, raw in enumerate(lines, 1):
        if progress:
            progress(n)
        if len(raw) > MAX_LINE_BYTES:
            out.errors.append(RowError(n, "", f"line is longer than {MAX_LINE_BYTES} bytes"))
            continue
        try:
            text = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            out.errors.append(RowError(n, "", f"not UTF-8 (byte at column {exc.start + 1})"))
            continue
        if not text.strip():
            continue
        try:
            rec = json.loads(text)
        except json.JSONDecodeError as exc:
            out.errors.append(RowError(n, "", f"invalid JSON: {exc.msg} at column {exc.colno}"))
            continue
        except (RecursionError, ValueError):  # nested too deep; a number too long for int()
            out.errors.append(
                RowError(n, "", "invalid JSON: nested too deeply or a number too long")
            )
            continue
        if isinstance(rec, dict) and rename:
            for old, new in rename.items():
                if old in rec and new not in rec:
                    rec[new] = rec.pop(old)
        try:
            data = parse_record(rec)
        except RecordError as exc:
            out.errors.append(RowError(n, exc.field or "", exc.message))
            continue
        if data.external_id in seen:
            out.warnings.append(
                RowError(n, "", f"id {data.external_id!r} repeated; later line wins")
            )
        seen.add(data.external_id)
        for w in data.warnings:
            out.warnings.append(RowError(n, "", w))
        try:
            _, outcome = save_resource(data, actor=actor, check_permission=actor is not None)
        except Exception as exc:  # the line's transaction rolled back; keep going
            out.errors.append(RowError(n, "", f"could not be saved: {exc}"))
            continue
        getattr(out, outcome).append(data.external_id)
    return out


EXPORT_FIELDS = [
    "id", "title", "language", "type", "date", "org", "articles", "topics", "url", "summary",
    "text", "published", "translation_group", "countries", "regions", "audience", "licence",
]  # fmt: skip


def export_records(queryset: Any = None) -> list[dict[str, Any]]:
    """Resources as import-compatible dicts, ordered by id (stable)."""
    qs = (queryset if queryset is not None else Resource.objects.all()).order_by("external_id")
    qs = qs.select_related("type", "provider").prefetch_related("articles", "topics", "countries")
    rows = []
    for r in qs:
        if r.date:
            date = r.date.isoformat()
        else:
            date = str(r.year) if r.year else ""
        rows.append(
            {
                "id": r.external_id,
                "title": r.title,
                "language": r.language,
                "type": r.type_label or (r.type.slug if r.type else ""),
                "date": date,
                "org": r.provider.slug if r.provider else r.provider_name,
                "articles": sorted(a.number for a in r.articles.all()),
                "topics": sorted(t.slug for t in r.topics.all()),
                "url": r.url,
                "summary": r.summary,
                "text": r.text,
                "published": r.published,
                "translation_group": r.translation_group,
                "countries": sorted(c.iso3 for c in r.countries.all()),
                "regions": list(r.regions or []),
                "audience": r.audience,
                "licence": r.licence,
            }
        )
    return rows


def export_jsonl(queryset: Any = None) -> str:
    return "".join(
        json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in export_records(queryset)
    )


def export_csv(queryset: Any = None) -> str:
    buf = io.StringIO()
    w = tabular.DictWriter(buf, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    w.writeheader()
    for r in export_records(queryset):
        row = dict(r)
        for key in ("articles", "topics", "countries", "regions"):
            row[key] = ";".join(str(v) for v in row[key])
        row["published"] = "true" if row["published"] else "false"
        w.writerow(row)
    return buf.getvalue()
