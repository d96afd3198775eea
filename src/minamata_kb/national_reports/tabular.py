"""Read CSV, XLSX or JSON into numbered rows, with the shared importer rules.

Rows come back as (line, {column: text}) pairs: the CSV line, the worksheet row, or the
position of the object in a JSON list. A file that cannot be read at all is rejected whole.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from minamata_kb.core.importing import (
    ImportRejected,
    RowError,
    decode_utf8,
    read_bytes,
    read_csv_rows,
)
from minamata_kb.core.tabular import open_workbook

Rows = list[tuple[int, dict[str, str]]]
HEADER_SCAN_ROWS = 12


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx_rows(path: Path, required: list[str]) -> Rows:
    """Rows of the first worksheet whose header row (within the first rows) names `required`."""
    with open_workbook(read_bytes(path), str(path)) as book:
        for sheet in book.worksheets:
            header: list[str] | None = None
            rows: Rows = []
            for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if header is None:
                    lowered = [c.lower() for c in cells]
                    if all(r in lowered for r in required):
                        header = lowered
                    elif index >= HEADER_SCAN_ROWS:
                        break
                    continue
                if not any(cells):
                    continue
                row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}
                rows.append((index, row))
            if header is not None:
                return rows
    raise ImportRejected(
        [
            RowError(1, c, "required column is missing (no sheet has this header)", str(path))
            for c in required
        ]
    )


def read_json_rows(path: Path, required: list[str]) -> Rows:
    """A JSON list of objects, or an object with a `rows` list; row number = position."""
    text = decode_utf8(read_bytes(path), str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            [RowError(exc.lineno, "", f"malformed JSON: {exc.msg}", str(path))]
        ) from None
    except (RecursionError, ValueError):  # nested too deep; a number too long for int()
        raise ImportRejected(
            [RowError(0, "", "malformed JSON: nested too deeply or a number too long", str(path))]
        ) from None
    if isinstance(data, dict):
        data = data.get("rows")
    if not isinstance(data, list):
        raise ImportRejected(
            [RowError(0, "", 'expected a list of objects (or {"rows": [...]})', str(path))]
        )
    rows: Rows = []
    errors: list[RowError] = []
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            errors.append(RowError(index, "", "row is not an object", str(path)))
            continue
        rows.append((index, {str(k).lower(): _cell(v) for k, v in item.items()}))
    if errors:
        raise ImportRejected(errors)
    return rows


def read_rows(path: Path, required: list[str]) -> Rows:
    """Dispatch on the file's extension: .csv, .xlsx or .json."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx_rows(path, required)
    if suffix == ".json":
        return read_json_rows(path, required)
    if suffix in {".csv", ".txt"}:
        return read_csv_rows(path, required)
    raise ImportRejected(
        [RowError(0, "", f"unsupported file type {suffix or '(none)'}: use .csv, .xlsx or .json")]
    )
