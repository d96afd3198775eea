"""Forms of the library: a resource and a file upload. Validation reuses records.parse_record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.labels import language_choices
from minamata_kb.library.records import RecordError, ResourceData, parse_record
from minamata_kb.taxonomy.models import Article, ResourceType, Topic

LANG_CHOICES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("zh", "中文"),
    ("ar", "العربية"),
]


class ResourceForm(forms.Form):
    id = forms.CharField(
        label=_("Identifier"), max_length=200, help_text=_("Stable, e.g. 'asgm-nap-guide-2024'.")
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    language = forms.ChoiceField(label=_("Language"), choices=LANG_CHOICES)
    type = forms.ChoiceField(label=_("Type"), choices=[])
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text = forms.CharField(
        label=_("Body text"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    date = forms.CharField(
        label=_("Date"), required=False, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )
    url = forms.CharField(label=_("Web address"), required=False, max_length=1000)
    articles = forms.CharField(
        label=_("Articles"), required=False, help_text=_("Numbers separated by commas, e.g. 7, 8")
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    translation_of = forms.CharField(label=_("Translation of (identifier)"), required=False)
    licence = forms.CharField(label=_("Licence"), required=False, max_length=200)
    audience = forms.CharField(label=_("Audience"), required=False, max_length=300)
    published = forms.BooleanField(label=_("Published"), required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        self.fields["type"].choices = [  # type: ignore[attr-defined]
            (t.slug, t.name) for t in ResourceType.objects.all()
        ]
        self.fields["topics"].choices = [  # type: ignore[attr-defined]
            (t.slug, t.name) for t in Topic.objects.all()
        ]
        if editing:
            self.fields["id"].disabled = True
        self.data_record: ResourceData | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        record = {k: v for k, v in cleaned.items() if v not in (None, "", [])}
        record["published"] = bool(cleaned.get("published"))
        if cleaned.get("articles"):
            record["articles"] = [a.strip() for a in cleaned["articles"].split(",") if a.strip()]
        try:
            self.data_record = parse_record(record)
        except RecordError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, Word .docx, HTML or text)"))


def _named_choices(model: Any, key: str) -> list[tuple[Any, str]]:
    """Profile entries as choices, named in the page's language, "any" first."""
    return [("", _("Any"))] + [(getattr(x, key), x.name) for x in model.objects.all()]


class ResourceFilterForm(forms.Form):
    """The library page's filters (GET); their meaning is library.selectors.filter_resources."""

    lang = forms.ChoiceField(label=_("Language"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    article = forms.TypedChoiceField(
        label=_("Article"), required=False, coerce=int, empty_value=None
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lang"].choices = [("", _("Any")), *language_choices()]  # type: ignore[attr-defined]
        self.fields["type"].choices = _named_choices(ResourceType, "slug")  # type: ignore[attr-defined]
        self.fields["topic"].choices = _named_choices(Topic, "slug")  # type: ignore[attr-defined]
        self.fields["article"].choices = [("", _("Any"))] + [  # type: ignore[attr-defined]
            (a.number, f"{a.number}. {a.name}") for a in Article.objects.all()
        ]

    def filters(self) -> dict[str, Any]:
        """The valid filters given; an invalid value is ignored (the form says why)."""
        if not self.is_bound:
            return {}
        self.is_valid()  # cleaned_data then holds the fields that are valid
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
