"""Forms for a COP meeting, its agenda items and documents: six-language texts as six fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.documents.meetings import AgendaItem, Meeting, MeetingDocument

LANGUAGE_LABELS = {
    "en": _("English"),
    "fr": _("French"),
    "es": _("Spanish"),
    "ru": _("Russian"),
    "zh": _("Chinese"),
    "ar": _("Arabic"),
}


class SixLanguages(forms.ModelForm):
    """A ModelForm whose JSON text fields (`texts`) are edited as one field per language."""

    texts: dict[str, tuple[Any, bool]] = {}  # field -> (label, textarea?)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (label, area) in self.texts.items():
            current = getattr(self.instance, name, None) or {}
            for lang in CONTENT_LANGUAGES:
                self.fields[f"{name}_{lang}"] = forms.CharField(
                    label=f"{label} ({LANGUAGE_LABELS[lang]})",
                    required=lang == "en" and name != "action" and name != "venue",
                    initial=current.get(lang, ""),
                    widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
                    if area
                    else forms.TextInput(attrs={"dir": "auto", "size": 60}),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.texts:
            value = {lang: (data.get(f"{name}_{lang}") or "").strip() for lang in CONTENT_LANGUAGES}
            setattr(self.instance, name, {k: v for k, v in value.items() if v})
        return data

    def _update_errors(self, errors: forms.ValidationError) -> None:
        """A model error on a six-language text shows on its English field."""
        if hasattr(errors, "error_dict"):
            errors = forms.ValidationError(
                {(f"{k}_en" if k in self.texts else k): v for k, v in errors.error_dict.items()}
            )
        super()._update_errors(errors)  # type: ignore[misc]


class MeetingForm(SixLanguages):
    texts = {"name": (_("Name"), False), "venue": (_("Venue"), False)}

    class Meta:
        model = Meeting
        fields = ["number", "start_date", "end_date", "period_start", "period_end"]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"})
            for f in ("start_date", "end_date", "period_start", "period_end")
        }


class AgendaItemForm(SixLanguages):
    texts = {"title": (_("Title"), False)}

    class Meta:
        model = AgendaItem
        fields = ["number", "position"]

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting

    def clean_number(self) -> str:
        number = str(self.cleaned_data["number"]).strip()
        clash = AgendaItem.objects.filter(meeting=self.instance.meeting, number=number)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This meeting already has an agenda item %(n)s.") % {"n": number}
            )
        return number


class MeetingDocumentForm(SixLanguages):
    texts = {"title": (_("Title"), False), "action": (_("Draft suggested action"), True)}

    class Meta:
        model = MeetingDocument
        fields = [
            "symbol", "kind", "agenda_item", "date", "original_language", "call",
            "list_parties_under_needs",
        ]  # fmt: skip
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()  # type: ignore[attr-defined]
