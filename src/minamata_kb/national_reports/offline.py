"""The offline reporting template: a blank XLSX (importable back) and a DOCX, in six languages.

The XLSX has one row per question with the machine header `party, cycle, question, ...,
answer, comment` on row 4, so `minamata-kb import national-reports FILE.xlsx` reads it back
as it is. Answers may be typed as codes (`yes`) or as the label in any of the six languages.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from minamata_kb.core import tabular
from minamata_kb.core.languages import CONTENT_TO_UI, localized
from minamata_kb.national_reports.conditions import condition_text
from minamata_kb.national_reports.models import ANSWER_LABELS, Cycle, Question

HEADER = [
    "party",
    "cycle",
    "question",
    "part",
    "article",
    "question_text",
    "allowed_answers",
    "answer",
    "comment",
    "answer_only_if",
]
HEADER_ROW = 4


def _allowed_text(q: Question) -> str:
    if q.answer_type == Question.AnswerType.NUMBER:
        return _("a number")
    if q.answer_type == Question.AnswerType.TEXT:
        return _("free text")
    return "; ".join(f"{code} = {ANSWER_LABELS[code]}" for code in q.allowed)


def _text_label(cycle: Cycle) -> str:
    if _has_paraphrases(cycle):
        return _("Question text (paraphrase)")
    return _("Question text")


def _has_paraphrases(cycle: Cycle) -> bool:
    return cycle.questions().filter(paraphrase=True).exists()


def _labels(cycle: Cycle) -> list[str]:
    return [
        _("Party (ISO3 code)"),
        _("Cycle"),
        _("Question"),
        _("Part"),
        _("Article"),
        _text_label(cycle),
        _("Allowed answers"),
        _("Answer"),
        _("Comment (challenges, needs, support received)"),
        _("Answer only if"),
    ]


def _title(cycle: Cycle) -> str:
    return _("National report under Article 21 of the Minamata Convention: %(cycle)s") % {
        "cycle": cycle.label
    }


def _instructions() -> str:
    return _(
        "Fill in the answer and comment columns, and your party's ISO3 code in the party "
        "column of every row. Do not change row 4 or the question numbers. Answers: one of "
        "the allowed answers (the code or its label). A question with a condition in the last "
        "column is answered only when that condition holds; otherwise leave it empty. Upload "
        "the file back as it is."
    )


def _paraphrase_note(cycle: Cycle) -> str:
    if not _has_paraphrases(cycle):
        return _("The question texts are the wording recorded in format %(v)s.") % {
            "v": cycle.format.version
        }
    return _(
        "The question texts are paraphrases written for this system, not the official "
        "wording of the reporting format."
    )


def template_xlsx(cycle: Cycle, lang: str, *, party_code: str = "") -> bytes:
    """The blank workbook for a cycle in a content language (en, fr, es, ru, zh, ar)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    with translation.override(CONTENT_TO_UI.get(lang, "en")):
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "report"
        if lang == "ar":
            sheet.sheet_view.rightToLeft = True
        sheet["A1"] = _title(cycle)
        tabular.xlsx_text(sheet["A1"])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = _instructions() + " " + _paraphrase_note(cycle)
        sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells("A2:J2")
        sheet.row_dimensions[2].height = 60
        for col, label in enumerate(_labels(cycle), start=1):
            cell = sheet.cell(row=3, column=col, value=label)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True)
        for col, name in enumerate(HEADER, start=1):
            cell = sheet.cell(row=HEADER_ROW, column=col, value=name)
            cell.font = Font(color="666666", italic=True)
        _question_rows(sheet, cycle, lang, party_code)
        widths = (10, 12, 9, 6, 8, 60, 28, 14, 50, 30)
        for letter, width in zip("ABCDEFGHIJ", widths, strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _question_rows(sheet: Any, cycle: Cycle, lang: str, party_code: str) -> None:
    """One row per question from row 5, with a drop-down on the answer cell."""
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.datavalidation import DataValidation

    validations: dict[tuple[str, ...], Any] = {}
    for row, q in enumerate(cycle.questions(), start=HEADER_ROW + 1):
        values: list[Any] = [
            party_code,
            cycle.code,
            q.number,
            q.part,
            q.article or "",
            localized(q, "text", lang),
            _allowed_text(q),
            "",
            "",
            condition_text(q),
        ]
        for col, value in enumerate(values, start=1):
            cell = tabular.xlsx_text(sheet.cell(row=row, column=col, value=value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if q.allowed:
            key = tuple(q.allowed)
            if key not in validations:
                validations[key] = DataValidation(
                    type="list",
                    formula1='"' + ",".join(key) + '"',
                    allow_blank=True,
                    showErrorMessage=False,
                )
                sheet.add_data_validation(validations[key])
            validations[key].add(f"H{row}")


def _rtl(paragraph: Any) -> None:
    """Mark a python-docx paragraph right to left."""
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    ppr.append(bidi)


def template_docx(cycle: Cycle, lang: str, *, party_code: str = "") -> bytes:
    """The blank Word form for a cycle in a content language."""
    from docx import Document

    with translation.override(CONTENT_TO_UI.get(lang, "en")):
        doc = Document()
        paragraphs = [doc.add_heading(_title(cycle), level=1)]
        paragraphs.append(doc.add_paragraph(_("Party: %(party)s") % {"party": party_code or "…"}))
        paragraphs.append(
            doc.add_paragraph(
                _(
                    "Answer each question in the answer column; use the comment column for "
                    "challenges, needs and support received. To upload answers, use the XLSX "
                    "template."
                )
            )
        )
        paragraphs.append(doc.add_paragraph(_paraphrase_note(cycle)))
        parts = {p.code: p for p in cycle.format.parts.all()}
        questions = list(cycle.questions())
        for code in sorted({q.part for q in questions}):
            part = parts.get(code)
            title = localized(part, "title", lang) if part else ""
            paragraphs.append(doc.add_heading(_("Part %(code)s") % {"code": code} + f" {title}", 2))
            table = doc.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, label in zip(
                table.rows[0].cells,
                [_("Question"), _text_label(cycle), _("Answer"), _("Comment")],
                strict=True,
            ):
                cell.text = label
            for q in (q for q in questions if q.part == code):
                cells = table.add_row().cells
                star = "*" if q.short_report else ""
                art = f" ({_('Art. %(n)s') % {'n': q.article}})" if q.article else ""
                cells[0].text = f"{q.number}{star}{art}"
                cells[1].text = localized(q, "text", lang)
                if q.parent_id:
                    cells[1].add_paragraph(condition_text(q)).runs[0].italic = True
                cells[2].text = _allowed_text(q) if q.allowed else ""
                cells[3].text = ""
                if lang == "ar":
                    for c in cells:
                        for p in c.paragraphs:
                            _rtl(p)
        if lang == "ar":
            for p in paragraphs:
                _rtl(p)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
