"""The report form: one answer field and one comment field per question of the cycle."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minamata_kb.national_reports.conditions import applicable, condition_text
from minamata_kb.national_reports.models import ANSWER_LABELS, NationalReport, Question


class ReportForm(forms.Form):
    """Answers of one report; field names `q<number>` and `c<number>`."""

    def __init__(self, report: NationalReport, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.questions = list(report.cycle.questions())
        self.paraphrases = any(q.paraphrase for q in self.questions)
        current = {a.question_id: a for a in report.answers.all()}
        for q in self.questions:
            answer = current.get(q.pk)
            label = f"Q{q.number}{'*' if q.short_report else ''} {q.text}"
            field: forms.Field
            if q.allowed:
                field = forms.ChoiceField(
                    choices=[("", "—")] + [(c, ANSWER_LABELS[c]) for c in q.allowed],
                    required=False,
                )
            elif q.answer_type == Question.AnswerType.NUMBER:
                field = forms.CharField(
                    required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
                )
            else:
                field = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
            field.label = label
            field.initial = (answer.value or answer.text) if answer else ""
            self.fields[f"q{q.number}"] = field
            self.fields[f"c{q.number}"] = forms.CharField(
                label=_("Comment on Q%(n)s") % {"n": q.number},
                required=False,
                initial=answer.comment if answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[int, tuple[str, str]]:
        """The typed answers by question number (raw; the service validates them)."""
        return {
            q.number: (
                str(self.cleaned_data.get(f"q{q.number}") or ""),
                str(self.cleaned_data.get(f"c{q.number}") or ""),
            )
            for q in self.questions
        }

    def values(self) -> dict[int, str]:
        """The answer codes shown in the form (submitted, else saved), by question number."""
        if self.is_bound:
            return {q.number: str(self.data.get(f"q{q.number}", "")) for q in self.questions}
        return {q.number: str(self.fields[f"q{q.number}"].initial or "") for q in self.questions}

    def rows(self) -> list[dict[str, Any]]:
        """Questions with their bound fields, condition and whether they apply now."""
        parts = {p.code: p for p in self.report.cycle.format.parts.all()}
        apply = applicable(self.questions, self.values())
        return [
            {
                "question": q,
                "part": parts.get(q.part),
                "answer": self[f"q{q.number}"],
                "comment": self[f"c{q.number}"],
                "condition": condition_text(q),
                "shown_when": " ".join(q.shown_when),
                "skipped": q.number not in apply,
            }
            for q in self.questions
        ]


class UploadForm(forms.Form):
    """A filled offline template (XLSX, CSV or JSON) for the report being edited."""

    file = forms.FileField(label=_("Filled template (XLSX, CSV or JSON)"))
