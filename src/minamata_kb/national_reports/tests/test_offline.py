"""The offline template in six languages, and the round trip: fill the XLSX in code, import it."""

from __future__ import annotations

import io

import openpyxl
import pytest
from docx import Document

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.national_reports.importer import import_national_reports
from minamata_kb.national_reports.models import Answer, NationalReport
from minamata_kb.national_reports.offline import HEADER, HEADER_ROW, template_docx, template_xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", CONTENT_LANGUAGES)
def test_blank_templates_in_each_language(nr, lang):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(nr.full, lang)))
    sheet = book["report"]
    assert [c.value for c in sheet[HEADER_ROW]] == HEADER
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert len(rows) == 43
    q3 = next(r for r in rows if r[2] == 3)
    assert q3[5] == getattr(nr.full.format.questions.get(number=3), f"text_{lang}")
    assert bool(sheet.sheet_view.rightToLeft) == (lang == "ar")
    doc = Document(io.BytesIO(template_docx(nr.short, lang, party_code="GHA")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "GHA" in text and len(doc.tables) == 1  # short report: all four in part B
    assert sum(len(t.rows) - 1 for t in doc.tables) == 4


def test_french_template_is_in_french(nr):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(nr.full, "fr")))
    assert "Rapport national" in book["report"]["A1"].value
    assert "oui" in book["report"].cell(row=HEADER_ROW + 3, column=7).value.lower()


def test_round_trip_fill_the_xlsx_in_code_and_import_it(nr, tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(nr.full, "fr", party_code="TUV")))
    sheet = book["report"]
    given: dict[int, str] = {}
    parents = dict(
        nr.full.format.questions.filter(parent__isnull=False).values_list(
            "number", "parent__number"
        )
    )
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        number, allowed = row[2].value, row[6].value
        if row[9].value and given.get(parents[number]) == "no":
            continue  # "Answer only if Q11 is Yes": left empty, as the template says
        if "partly" in allowed:
            row[7].value = "En partie"  # the French label is accepted
            row[8].value = "Manque de capacités de laboratoire ; un appui est nécessaire."
        elif "no" in allowed.split(" ")[0:3] or allowed.startswith("yes"):
            row[7].value = "no"
        elif number in (7, 16, 27):
            row[7].value = 12
        else:
            row[7].value = "Texte libre de la Partie"
        given[number] = str(row[7].value)
    path = tmp_path / "filled.xlsx"
    book.save(path)
    report = import_national_reports(path)
    assert report.created == ["TUV full-2021"]
    nr_ = NationalReport.objects.get(party__code="TUV")
    # Q12, Q15, Q16 and Q18 are skipped by the "no" to Q11, Q14 and Q17; Q21 and Q27 open on
    # "partly" to Q20 and Q26
    assert nr_.answers.count() == 39
    assert nr_.answers.filter(question__number__in=[21, 27]).count() == 2
    assert Answer.objects.get(report=nr_, question__number=4).value == "partly"
    assert Answer.objects.get(report=nr_, question__number=7).value == "12"
    assert "laboratoire" in Answer.objects.get(report=nr_, question__number=4).comment
