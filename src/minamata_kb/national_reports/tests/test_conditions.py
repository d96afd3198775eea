"""Sub-questions and their conditions ("if yes, ..."): the format file, the online form by
persona, the offline template and the importer apply one rule (`conditions.applicable`).

In the shipped format (a reconstruction, see data/national_reports/SOURCES.md) Q15 and Q16 apply
only when Q14 (artisanal gold mining more than insignificant) is yes; Q21 when Q20 is yes or
partly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.importing import ImportRejected
from minamata_kb.national_reports import refdata, services
from minamata_kb.national_reports.conditions import applicable
from minamata_kb.national_reports.formats import import_reporting_format
from minamata_kb.national_reports.importer import import_national_reports
from minamata_kb.national_reports.models import Answer, Cycle, NationalReport, Question
from minamata_kb.national_reports.offline import HEADER, HEADER_ROW, template_docx, template_xlsx

from .conftest import full_rows, write_rows

pytestmark = pytest.mark.django_db

FORMAT_FIELDS = [
    "version", "part", "number", "article", "short_report", "answer_type", "choices",
    "gap_answers", "text_en", "paraphrase", "parent", "shown_when", "replaces",
]  # fmt: skip


def write_format(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, FORMAT_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in FORMAT_FIELDS})
    return path


def q(number: int, **kw: str) -> dict[str, str]:
    base = {
        "version": "t-1",
        "part": "B",
        "number": str(number),
        "answer_type": "yes_no",
        "text_en": f"Question {number} (test text)",
        "short_report": "yes" if number == 1 else "",
    }
    return base | kw


def test_shipped_format_holds_the_conditions(nr):
    q15 = Question.objects.get(format__version="mc-1-8", number=15)
    assert q15.parent is not None
    assert q15.parent.number == 14 and q15.shown_when == ["yes"]
    assert Question.objects.get(format__version="mc-1-8", number=21).shown_when == ["yes", "partly"]
    questions = list(nr.full.questions())
    on = applicable(questions, {14: "no", 20: "partly"})
    assert 15 not in on and 16 not in on and 21 in on and 14 in on
    assert {15, 16} <= applicable(questions, {14: "yes"})


def test_a_chain_closes_with_its_first_link(nr, tmp_path):
    rows = [
        q(1),
        q(2, parent="1", shown_when="yes"),
        q(3, parent="2", shown_when="no"),
    ]
    import_reporting_format(write_format(tmp_path / "f.csv", rows))
    questions = list(Question.objects.filter(format__version="t-1"))
    assert applicable(questions, {1: "yes", 2: "no"}) == {1, 2, 3}
    # Q2 skipped: Q3 under it is skipped too, whatever Q2's stale value says
    assert applicable(questions, {1: "no", 2: "no"}) == {1}


def test_bad_conditions_are_listed_by_line_and_field_and_nothing_is_written(nr, tmp_path):
    before = Question.objects.count()
    rows = [
        q(1),
        q(2, parent="9", shown_when="yes"),  # line 3: no Q9
        q(3, parent="1"),  # line 4: no shown_when
        q(4, parent="1", shown_when="partly"),  # line 5: yes_no has no partly
        q(5, answer_type="text"),
        q(6, parent="5", shown_when="yes"),  # line 7: a text question has no codes
        q(7, shown_when="yes"),  # line 8: shown_when without parent
        q(8, parent="9x"),  # line 9: not a number
        q(10, parent="11", shown_when="yes"),  # lines 10 and 11: a circle
        q(11, parent="10", shown_when="yes"),
        q(12, short_report="yes", parent="2", shown_when="yes"),  # line 12: parent not short
        q(13, replaces="nope:3"),  # line 13: unknown version
        q(14, replaces="mc-1-8:99"),  # line 14: no such question
    ]
    with pytest.raises(ImportRejected) as exc:
        import_reporting_format(write_format(tmp_path / "f.csv", rows))
    found = {(e.line, e.field) for e in exc.value.errors}
    assert found >= {
        (3, "parent"),
        (4, "shown_when"),
        (5, "shown_when"),
        (7, "parent"),
        (8, "shown_when"),
        (9, "parent"),
        (10, "parent"),
        (11, "parent"),
        (12, "parent"),
        (13, "replaces"),
        (14, "replaces"),
    }
    assert "circular" in " ".join(e.message for e in exc.value.errors if e.line == 10)
    assert Question.objects.count() == before
    assert not Question.objects.filter(format__version="t-1").exists()


def _start(personas: Any, cycle: str = "full-2021") -> NationalReport:
    personas.fp_a.client.post(f"/national-reports/start/{cycle}/")
    return NationalReport.objects.get(party=personas.world.party_a, cycle__code=cycle)


def _form(report: NationalReport, **answers: str) -> dict[str, str]:
    """Every question that applies answered with its first code; `answers` override."""
    values = {n: v for n, v in ((int(k[1:]), v) for k, v in answers.items())}
    data: dict[str, str] = {}
    questions = list(report.cycle.questions())
    for question in questions:
        first = question.allowed[0] if question.allowed else ""
        data[f"q{question.number}"] = values.get(question.number, first) or (
            "3" if question.answer_type == "number" else "Texte"
        )
        data[f"c{question.number}"] = ""
    on = applicable(questions, {n: data[f"q{n}"] for n in (x.number for x in questions)})
    for question in questions:
        if question.number not in on and question.number not in values:
            data[f"q{question.number}"] = ""
    return data


def test_focal_point_answers_a_sub_question_and_skips_another(personas):
    refdata.load(None)
    fp = personas.fp_a
    report = _start(personas)
    url = f"/national-reports/reports/{report.pk}/edit/"
    page = fp.client.get(url).content.decode()
    # the condition is said next to the sub-question, and the script that opens it is loaded
    assert "Answer only if Q14 is Yes" in page and "national_reports/conditions.js" in page
    assert 'data-parent="id_q14"' in page and 'data-shown-when="yes partly"' in page
    # "no" to Q14 with an answer to Q15: refused by the server, nothing saved
    bad = _form(report, q14="no", q15="yes")
    r = fp.client.post(url, bad | {"save": "1"})
    assert r.status_code == 400 and report.answers.count() == 0
    assert "Q15 does not apply" in r.content.decode()
    # "no" to Q14 with Q15 and Q16 left empty; "partly" to Q20 opens Q21, answered
    good = _form(report, q14="no", q20="partly", q21="yes")
    assert good["q15"] == "" and good["q16"] == ""
    r = fp.client.post(url, good | {"submit": "1"})
    report.refresh_from_db()
    assert r.status_code == 302 and report.status == "submitted", r.content.decode()[:400]
    saved = dict(report.answers.values_list("question__number", "value"))
    assert saved[14] == "no" and saved[21] == "yes" and 15 not in saved and 16 not in saved
    assert report.answered_format is not None
    assert report.answered_format.version == "mc-1-8"
    audit = ChangeRecord.objects.filter(entity="national_reports.nationalreport")
    assert audit.filter(action="submit").count() == 1
    updated = audit.get(action="update").after
    assert updated is not None and "Q21" in updated["answers"]
    # the officer reads it; the other focal point and the public do not until it is published
    assert personas.officer.client.get(f"/api/v1/national-reports/{report.pk}").status_code == 200
    for who in (personas.fp_b, personas.anon):
        assert who.client.get(f"/api/v1/national-reports/{report.pk}").status_code == 404
    services.publish_report(personas.officer.user, report)
    page = personas.anon.client.get(f"/national-reports/reports/{report.pk}/").content.decode()
    q15_row = page[page.index('id="answer-q15"') :].split("</tr>", 1)[0]
    q21_row = page[page.index('id="answer-q21"') :].split("</tr>", 1)[0]
    assert "Skipped: does not apply" in q15_row and "Answer only if Q14 is Yes" in q15_row
    assert "Skipped" not in q21_row and "Yes" in q21_row
    body = personas.anon.client.get(f"/api/v1/national-reports/{report.pk}").json()
    numbers = {a["question"] for a in body["answers"]}
    assert 21 in numbers and 15 not in numbers and body["answered_format"] == "mc-1-8"


def test_skipped_sub_question_is_rendered_disabled_and_not_required(personas):
    refdata.load(None)
    report = _start(personas)
    services.save_answers(personas.fp_a.user, report, {14: ("no", "")})
    page = personas.fp_a.client.get(f"/national-reports/reports/{report.pk}/edit/").content
    html = page.decode()
    fieldset = html[html.index('<fieldset id="q15"') :].split(">", 1)[0]
    assert "disabled" in fieldset and "skipped" in fieldset
    assert 15 not in services.missing_answers(report) and 14 not in services.missing_answers(report)
    # once Q14 is yes, Q15 is required before submitting
    services.save_answers(personas.fp_a.user, report, {14: ("yes", "")})
    assert 15 in services.missing_answers(report)
    # a saved answer to Q15 blocks turning Q14 back to no until Q15 is cleared
    services.save_answers(personas.fp_a.user, report, {15: ("no", "")})
    errors = services.save_answers(personas.fp_a.user, report, {14: ("no", "")})
    assert list(errors) == [15]
    assert services.save_answers(personas.fp_a.user, report, {14: ("no", ""), 15: ("", "")}) == {}
    assert not report.answers.filter(question__number=15).exclude(value="").exists()


def test_offline_template_marks_the_condition_and_the_upload_applies_it(personas, tmp_path):
    refdata.load(None)
    cycle = Cycle.objects.get(code="full-2021")
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(cycle, "ar")))
    sheet = book["report"]
    assert [c.value for c in sheet[HEADER_ROW]] == HEADER and HEADER[-1] == "answer_only_if"
    rows = {r[2]: r for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert rows[15][9] and "14" in rows[15][9] and not rows[14][9]  # in Arabic
    doc = Document(io.BytesIO(template_docx(cycle, "en")))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("Answer only if Q14 is Yes" in c for c in cells)
    # a filled file that answers Q15 after "no" to Q14: refused with its line, nothing saved
    report = _start(personas)
    path = tmp_path / "filled.csv"
    path.write_text("question,answer\n14,no\n15,yes\n", encoding="utf-8")
    r = personas.fp_a.client.post(
        f"/national-reports/reports/{report.pk}/upload/", {"file": path.open("rb")}
    )
    assert r.status_code == 400 and "Q15 does not apply" in r.content.decode()
    assert report.answers.count() == 0
    path.write_text("question,answer\n14,no\n20,partly\n21,no\n", encoding="utf-8")
    r = personas.fp_a.client.post(
        f"/national-reports/reports/{report.pk}/upload/", {"file": path.open("rb")}
    )
    assert r.status_code == 302 and report.answers.count() == 3


def test_importer_refuses_an_answer_to_a_skipped_question_with_its_line(nr, tmp_path):
    rows = full_rows("GHA", nr.full)  # Q14 yes: Q15 and Q16 answered
    for row in rows:
        if row["question"] == "14":
            row["answer"] = "no"
    lines = {row["question"]: i for i, row in enumerate(rows, start=2)}
    with pytest.raises(ImportRejected) as exc:
        import_national_reports(write_rows(tmp_path / "r.csv", rows))
    assert {(e.line, e.field) for e in exc.value.errors} == {
        (lines["15"], "answer"),
        (lines["16"], "answer"),
    }
    assert not NationalReport.objects.exists()
    rows = [r for r in rows if r["question"] not in ("15", "16")]
    import_national_reports(write_rows(tmp_path / "r.csv", rows))
    assert Answer.objects.filter(report__party__code="GHA").count() == 41


def test_api_focal_point_fills_and_submits_with_conditions(personas):
    refdata.load(None)
    fp = personas.fp_a.client
    r = fp.post(
        "/api/v1/national-reports",
        {"party": "GHA", "cycle": "full-2021"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    report = r.json()
    assert report["answered_format"] == "mc-1-8" and 15 in report["skipped"]
    url = f"/api/v1/national-reports/{report['id']}/answers"
    # another party's focal point and the public may not write to it
    body = {"answers": [{"question": 14, "answer": "no"}]}
    assert personas.fp_b.client.put(url, body, content_type="application/json").status_code == 404
    assert personas.anon.client.put(url, body, content_type="application/json").status_code == 401
    # an answer to Q15 after "no" to Q14: 422 naming Q15, nothing saved
    bad = {"answers": [{"question": 14, "answer": "no"}, {"question": 15, "answer": "yes"}]}
    r = fp.put(url, bad, content_type="application/json")
    assert r.status_code == 422
    assert [d["field"] for d in r.json()["error"]["details"]] == ["Q15"]
    assert not Answer.objects.filter(report_id=report["id"]).exists()
    # every applicable question answered; Q15 and Q16 skipped, Q21 opened by "partly"
    draft = NationalReport.objects.get(pk=report["id"])
    form = _form(draft, q14="no", q20="partly", q21="yes")
    answers = [{"question": int(k[1:]), "answer": v} for k, v in form.items() if k[0] == "q" and v]
    r = fp.put(url, {"answers": answers}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["skipped"] == [15, 16]
    r = fp.post(f"/api/v1/national-reports/{report['id']}/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    # submitted and unpublished: the officer reads it, the public does not
    assert personas.anon.client.get(f"/api/v1/national-reports/{report['id']}").status_code == 404
    assert (
        personas.officer.client.get(f"/api/v1/national-reports/{report['id']}").status_code == 200
    )
    # the focal point may no longer change it
    r = fp.put(url, {"answers": [{"question": 2, "answer": "no"}]}, content_type="application/json")
    assert r.status_code == 403
