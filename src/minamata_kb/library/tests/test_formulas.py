"""Formula injection (issue 15 item 6): the resources CSV export is inert."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from minamata_kb.core.tests.test_tabular import HOSTILE, formula_like

pytestmark = pytest.mark.django_db


def test_resource_csv_export_quotes_formulas_and_jsonl_keeps_them_verbatim(ref_world: Any) -> None:
    from minamata_kb.library.transfer import export_csv, export_jsonl, import_lines

    lines = [
        json.dumps(
            {
                "id": f"evil-{i}",
                "title": text + "x",
                "summary": text,
                "language": "en",
                "text": "Mercury inventory.",
                "org": "bcrc-test",
            }  # fmt: skip
        ).encode()
        for i, text in enumerate(HOSTILE)
    ]
    out = import_lines(lines)
    assert not out.errors, out.errors
    data = export_csv()
    assert not [
        c for row in csv.reader(io.StringIO(data, newline="")) for c in row if formula_like(c)
    ]
    # JSON Lines is no spreadsheet format: the values go out (and import back) as they are.
    records = {r["id"]: r for r in map(json.loads, export_jsonl().splitlines())}
    assert records["evil-0"]["summary"] == HOSTILE[0]
