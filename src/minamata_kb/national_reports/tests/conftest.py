"""Fixtures of the national_reports tests: the shipped format and cycles, helpers to write files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from conftest import built_once
from minamata_kb.national_reports import refdata
from minamata_kb.national_reports.conditions import applicable
from minamata_kb.national_reports.models import Cycle

FIELDS = ["party", "cycle", "question", "answer", "comment"]


@pytest.fixture
def nr(ref_world: Any) -> Any:
    """The shipped reporting format and cycles on top of the small registry world (loaded once
    per run, replayed after: the root conftest's `built_once`)."""
    built_once("nr", lambda: refdata.load(None))
    ref_world.full = Cycle.objects.get(code="full-2021")
    ref_world.short = Cycle.objects.get(code="short-2019")
    return ref_world


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Write import rows as a UTF-8 CSV."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in FIELDS})
    return path


def full_rows(party: str, cycle: Cycle, gap: bool = False) -> list[dict[str, str]]:
    """Answers to every question of a cycle that applies: all gaps or none (sub-questions that
    the answers skip are left out, as the importer refuses them)."""
    rows = []
    questions = list(cycle.questions())
    for q in questions:
        if q.allowed:
            answer = (
                (q.gap_answers[0] if q.gap_answers else q.allowed[0])
                if gap
                else ([c for c in q.allowed if c not in q.gap_answers] or q.allowed)[0]
            )
        elif q.answer_type == "number":
            answer = "3"
        else:
            answer = "We need training on mercury waste." if gap else "Ministry of Environment"
        comment = "Lack of laboratory capacity; we need support." if gap and q.allowed else ""
        rows.append(
            {
                "party": party,
                "cycle": cycle.code,
                "question": str(q.number),
                "answer": answer,
                "comment": comment,
            }
        )
    keep = applicable(questions, {int(r["question"]): r["answer"] for r in rows})
    return [r for r in rows if int(r["question"]) in keep]
