"""Forms of the submissions pages (they only collect input; services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.labels import language_choices as named_languages
from minamata_kb.registry.models import Organisation, Party
from minamata_kb.submissions.models import Call
from minamata_kb.submissions.parts import PART_ROLES
from minamata_kb.taxonomy.models import Article, Channel, StatementRole, Topic


def language_choices() -> list[tuple[str, str]]:
    """The submission's language: detected, or one of the six named in the page's language
    (asked per form, so each request gets its own language; codes alone read "ar", "zh")."""
    return [("", str(_("Detect automatically"))), *named_languages()]


class PartyField(forms.ModelChoiceField):
    """A party chosen by its name in the page's language (str() is the English name)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CallForm(forms.ModelForm):
    """Create or edit a call (secretariat)."""

    addressees = forms.MultipleChoiceField(
        label=_("Addressees"),
        choices=Call.Addressee.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reminders = forms.CharField(
        label=_("Reminder dates"),
        required=False,
        help_text=_("YYYY-MM-DD, separated by commas"),
    )

    class Meta:
        model = Call
        fields = [
            "decision",
            "title",
            "description",
            "letter_date",
            "deadline",
            "meeting",
            "note_symbol",
            "annex_symbol",
        ]
        widgets = {
            "letter_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_reminders(self) -> list[str]:
        import datetime as dt

        out = []
        for raw in (self.cleaned_data.get("reminders") or "").split(","):
            raw = raw.strip()
            if not raw:
                continue
            try:
                out.append(dt.date.fromisoformat(raw).isoformat())
            except ValueError as exc:
                raise forms.ValidationError(_("Give dates as YYYY-MM-DD.")) from exc
        return sorted(set(out))


class SubmissionForm(forms.Form):
    """Upload a file, or fill in the structured parts (one per kind of information)."""

    party = PartyField(label=_("Party"), queryset=Party.objects.all(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, required=False)
    file = forms.FileField(
        label=_("File (PDF, DOCX or TXT)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt"}),
    )

    def __init__(self, *args: Any, fixed_party: Any = None, fixed_org: Any = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        articles = [(a.number, f"{a.number} {a.name}") for a in Article.objects.all()]
        topics = [(t.slug, t.name) for t in Topic.objects.all()]
        channels = [("", "—")] + [(c.slug, c.name) for c in Channel.objects.all()]
        for role, label in PART_ROLES:
            self.fields[f"{role}-text"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
            self.fields[f"{role}-articles"] = forms.TypedMultipleChoiceField(
                label=_("Articles"), choices=articles, coerce=int, required=False
            )
            self.fields[f"{role}-topics"] = forms.MultipleChoiceField(
                label=_("Topics"), choices=topics, required=False
            )
            self.fields[f"{role}-countries"] = forms.CharField(
                label=_("Countries (ISO3 codes, comma-separated)"), required=False
            )
            self.fields[f"{role}-channel"] = forms.ChoiceField(
                label=_("Channel"), choices=channels, required=False
            )
            self.fields[f"{role}-amount"] = forms.DecimalField(
                label=_("Amount"), required=False, min_value=0
            )
            self.fields[f"{role}-currency"] = forms.CharField(
                label=_("Currency"), max_length=3, required=False
            )
            self.fields[f"{role}-period_start"] = forms.DateField(
                label=_("From"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[f"{role}-period_end"] = forms.DateField(
                label=_("To"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
        if fixed_party is not None:
            self.fields["party"].queryset = Party.objects.filter(pk=fixed_party.pk)  # type: ignore[attr-defined]
            self.fields["party"].initial = fixed_party.pk
            del self.fields["organisation"]
        if fixed_org is not None:
            self.fields["organisation"].queryset = Organisation.objects.filter(pk=fixed_org.pk)  # type: ignore[attr-defined]
            self.fields["organisation"].initial = fixed_org.pk
            del self.fields["party"]

    def part_groups(self) -> list[tuple[str, list[Any]]]:
        """The bound fields of each part, for the template."""
        return [
            (str(label), [self[name] for name in self.fields if name.startswith(f"{role}-")])
            for role, label in PART_ROLES
        ]

    def parts(self) -> list[dict[str, Any]]:
        """The structured parts typed in (empty ones dropped)."""
        out = []
        data = self.cleaned_data
        for role, _label in PART_ROLES:
            text = (data.get(f"{role}-text") or "").strip()
            if not text:
                continue
            countries = [
                c.strip().upper() for c in (data.get(f"{role}-countries") or "").split(",")
            ]
            out.append(
                {
                    "role": role,
                    "text": text,
                    "articles": data.get(f"{role}-articles") or [],
                    "topics": data.get(f"{role}-topics") or [],
                    "countries": [c for c in countries if c],
                    "channel": data.get(f"{role}-channel") or "",
                    "amount": data.get(f"{role}-amount"),
                    "currency": data.get(f"{role}-currency") or "",
                    "period_start": data.get(f"{role}-period_start"),
                    "period_end": data.get(f"{role}-period_end"),
                }
            )
        return out


class ReviewForm(forms.Form):
    """An officer's decision on one proposed statement, with the labels as corrected."""

    decision = forms.ChoiceField(
        choices=[
            ("confirm", _("Confirm")),
            ("edit", _("Save changes and confirm")),
            ("reject", _("Reject")),
        ]  # fmt: skip
    )
    role = forms.ChoiceField(label=_("Role"), choices=[])
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    articles = forms.TypedMultipleChoiceField(label=_("Articles"), coerce=int, required=False)
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False)
    countries = forms.CharField(label=_("Countries (ISO3)"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    amount = forms.DecimalField(label=_("Amount"), required=False, min_value=0)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    period_start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    period_end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.slug, r.name) for r in StatementRole.objects.all()]  # type: ignore[attr-defined]
        self.fields["articles"].choices = [  # type: ignore[attr-defined]
            (a.number, f"{a.number} {a.name}") for a in Article.objects.all()
        ]
        self.fields["topics"].choices = [(t.slug, t.name) for t in Topic.objects.all()]  # type: ignore[attr-defined]
        self.fields["channel"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (c.slug, c.name) for c in Channel.objects.all()
        ]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "text": data["text"],
            "articles": data.get("articles") or [],
            "topics": data.get("topics") or [],
            "countries": [c.strip() for c in (data.get("countries") or "").split(",") if c.strip()],
            "channel": data.get("channel") or "",
            "amount": data.get("amount"),
            "currency": data.get("currency") or "",
            "period_start": data["period_start"].isoformat() if data.get("period_start") else "",
            "period_end": data["period_end"].isoformat() if data.get("period_end") else "",
        }


class ReviewFilterForm(forms.Form):
    """Narrow the review list: one party, one role, role confidence below a figure."""

    party = PartyField(
        label=_("Party"), queryset=Party.objects.none(), required=False, empty_label=_("All")
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    below = forms.DecimalField(
        label=_("Role confidence below"),
        required=False,
        min_value=0,
        max_value=1,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}),
    )
    submission = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, parties: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parties is not None:
            self.fields["party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["role"].choices = [("", _("All"))] + [  # type: ignore[attr-defined]
            (r.slug, r.name) for r in StatementRole.objects.all()
        ]


class StatementEditForm(forms.Form):
    """The labels of one statement as the officer corrects them (saved, then confirmed); with
    `full`, also its text, countries, amount and period (the correction page's "more")."""

    role = forms.ChoiceField(label=_("Role"), choices=[])
    articles = forms.TypedMultipleChoiceField(
        label=_("Articles"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    FULL = ("text", "countries", "amount", "currency", "period_start", "period_end")

    def __init__(self, *args: Any, scores: dict[str, dict[Any, float]] | None = None,
                 full: bool = False, **kwargs: Any) -> None:  # fmt: skip
        """`scores`: the classifier's confidence per proposed value, shown beside it."""
        super().__init__(*args, **kwargs)
        if full:
            self.fields["text"] = forms.CharField(
                label=_("Text"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
            )
            self.fields["countries"] = forms.CharField(
                label=_("Countries (ISO3 codes, comma-separated)"), required=False
            )
            self.fields["amount"] = forms.DecimalField(
                label=_("Amount"), required=False, min_value=0
            )
            self.fields["currency"] = forms.CharField(
                label=_("Currency"), max_length=3, required=False
            )
            for name, caption in (("period_start", _("From")), ("period_end", _("To"))):
                self.fields[name] = forms.DateField(
                    label=caption,
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                )
        scores = scores or {}

        def label(name: str, kind: str, key: Any) -> str:
            score = scores.get(kind, {}).get(key)
            return f"{name} · {number_format(score, 2)}" if score is not None else name

        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (r.slug, label(r.name, "roles", r.slug)) for r in StatementRole.objects.all()
        ]
        self.fields["articles"].choices = [  # type: ignore[attr-defined]
            (a.number, label(f"{a.number} {a.name}", "articles", a.number))
            for a in Article.objects.all()
        ]
        self.fields["topics"].choices = [  # type: ignore[attr-defined]
            (t.slug, label(t.name, "topics", t.slug)) for t in Topic.objects.all()
        ]
        self.fields["channel"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (c.slug, label(c.name, "channel", c.slug)) for c in Channel.objects.all()
        ]

    def more(self) -> list[Any]:
        """The bound fields beyond the four labels (empty unless `full`)."""
        return [self[name] for name in self.FULL if name in self.fields]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        out = {
            "role": data["role"],
            "articles": data.get("articles") or [],
            "topics": data.get("topics") or [],
            "channel": data.get("channel") or "",
        }
        if "text" in self.fields:
            codes = (data.get("countries") or "").replace(";", ",").split(",")
            out.update(
                text=data["text"],
                countries=[c.strip().upper() for c in codes if c.strip()],
                amount=data.get("amount"),
                currency=data.get("currency") or "",
                period_start=data["period_start"].isoformat() if data.get("period_start") else "",
                period_end=data["period_end"].isoformat() if data.get("period_end") else "",
            )
        return out
