"""Shared rules for every importer: decode strictly, report errors by line and field.

An importer reads the whole file, collects every problem, and writes nothing when any
problem is fatal. Errors carry file, line and field so the user can fix them at once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# The errors live in their own module so that core/tabular.py (which raises them when a
# workbook is refused) and this module (which undoes tabular's CSV formula guard) do not
# import each other; every importer still takes them from here.
from minamata_kb.core.rejections import ImportRejected, RowError
from minamata_kb.core.tabular import csv_text

MAX_IMPORT_BYTES = 50 * 1024 * 1024


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Kept rows an importer has something to say about (a repeated id: the later row wins).
    warnings: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would create" if self.dry_run else "created"
        verb2 = "would update" if self.dry_run else "updated"
        return (
            f"{verb} {len(self.created)}, {verb2} {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, rejected {len(self.errors)}"
        )


def read_bytes(path: Path, *, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """Read a file, refusing one over the size limit."""
    size = path.stat().st_size
    if size > limit:
        raise ImportRejected(
            [RowError(0, "", f"file is {size} bytes; the limit is {limit}", str(path))]
        )
    return path.read_bytes()


def decode_utf8(data: bytes, filename: str = "") -> str:
    """Decode UTF-8 (a BOM is allowed); undecodable bytes are an error with their line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRejected(
            [
                RowError(
                    line,
                    "",
                    f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                    "save the file as UTF-8",
                    filename,
                )
            ]
        ) from None


def read_csv_rows(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Return (line number, row) pairs; a missing column or undecodable byte rejects the file.

    Cells come back stripped and with the formula guard of the CSV exports undone
    (`core.tabular.csv_text`), so an exported file imports unchanged.
    """
    text = decode_utf8(read_bytes(path), str(path))
    if "\x00" in text:
        raise ImportRejected([RowError(0, "", "file contains NUL bytes: not a CSV", str(path))])
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportRejected(
            [RowError(1, c, "required column is missing", str(path)) for c in missing]
        )
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for row in reader:
            if None in row:
                raise ImportRejected(
                    [RowError(reader.line_num, "", "row has more cells than the header", str(path))]
                )
            rows.append((reader.line_num, {k: csv_text((v or "").strip()) for k, v in row.items()}))
    except csv.Error as exc:
        raise ImportRejected(
            [RowError(reader.line_num, "", f"malformed CSV: {exc}", str(path))]
        ) from None
    return rows


def parse_date(value: str) -> date | None:
    """Parse YYYY-MM-DD; blank is None; anything else raises ValueError."""
    if not value:
        return None
    return date.fromisoformat(value)
