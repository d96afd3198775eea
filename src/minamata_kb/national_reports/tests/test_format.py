"""The reporting format as data: shipped file, replacement import, validation."""

from __future__ import annotations

import json

import pytest

from minamata_kb.core.importing import ImportRejected
from minamata_kb.national_reports import refdata
from minamata_kb.national_reports.formats import import_reporting_format
from minamata_kb.national_reports.models import Cycle, Part, Question, ReportingFormat

pytestmark = pytest.mark.django_db


def test_shipped_format_has_five_parts_43_questions_and_four_short_ones(nr):
    fmt = ReportingFormat.objects.get(version="mc-1-8")
    assert fmt.is_current and fmt.decision == "MC-1/8"
    assert sorted(Part.objects.filter(format=fmt).values_list("code", flat=True)) == list("ABCDE")
    questions = list(fmt.questions.all())
    assert len(questions) == 43
    assert sorted({q.part for q in questions}) == list("ABCDE")
    short = [(q.number, q.article) for q in questions if q.short_report]
    assert [a for _, a in short] == [3, 3, 3, 11]
    for q in questions:
        assert q.paraphrase
        for lang in ("en", "fr", "es", "ru", "zh", "ar"):
            assert getattr(q, f"text_{lang}"), (q.number, lang)
    arts = {q.article for q in questions}
    assert {3, 5, 7, 8, 9, 11, 14}.issubset(arts)


def test_cycles_deadlines_and_short_cycle_questions(nr):
    short = Cycle.objects.get(code="short-2019")
    full = Cycle.objects.get(code="full-2021")
    assert str(short.deadline) == "2019-12-31" and str(full.deadline) == "2021-12-31"
    assert short.questions().count() == 4 and full.questions().count() == 43


def test_refdata_load_is_idempotent(nr):
    before = Question.objects.count()
    refdata.load(None)
    assert Question.objects.count() == before == 43


def test_import_format_lists_every_error_and_writes_nothing(nr, tmp_path):
    path = tmp_path / "format.csv"
    path.write_text(
        "version,part,number,article,short_report,answer_type,choices,text_en\n"
        "v2,A,1,,,text,,First\n"
        "v2,Z,2,3,yes,yes_no,,Second\n"
        "v2,B,2,99,maybe,colour,,\n"
        "v2,B,4,3,,choice,,Fourth\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as exc:
        import_reporting_format(path)
    fields = {(e.line, e.field) for e in exc.value.errors}
    assert {
        (3, "part"),
        (4, "article"),
        (4, "short_report"),
        (4, "answer_type"),
        (4, "text_en"),
        (4, "number"),
        (5, "choices"),
    } <= fields
    assert not ReportingFormat.objects.filter(version="v2").exists()


def test_import_format_json_and_dry_run(nr, tmp_path):
    rows = [
        {
            "version": "v2",
            "part": "B",
            "number": 1,
            "article": 3,
            "short_report": "yes",
            "answer_type": "yes_no",
            "text_en": "Mining?",
        },
        {"version": "v2", "part": "E", "number": 2, "answer_type": "text", "text_en": "Other"},
    ]
    path = tmp_path / "format.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    report = import_reporting_format(path, dry_run=True)
    assert len(report.created) == 2 and not ReportingFormat.objects.filter(version="v2").exists()
    import_reporting_format(path)
    assert ReportingFormat.objects.get(version="v2").questions.count() == 2
