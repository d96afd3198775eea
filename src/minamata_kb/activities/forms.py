"""The one typed boundary of activities and events: `ActivityForm` and `EventForm`.

The page, the API (through `services.save_activity`/`save_event`) and the CSV/XLSX importer
all build these forms from their input, so a bad amount or an unknown country gets the same
message, under the same field name, whether it came from the web form, the API or row 17 of a
spreadsheet. Each field says everything about itself in one place: how raw input is read
(`to_python`), what an existing record holds (`value_of`: the partial update's base, the edit
page's initial values and the export row) and how that value is written in a file
(`as_text`). The file's columns are the form's fields (`COLUMNS`). The field classes are in
fields.py (values) and reference_fields.py (rows of other tables), the widgets of the page in
widgets.py.

Raw input: text as typed or read from a cell, or the API's JSON values (lists, numbers,
booleans). A list is a JSON list or a ';'/','-separated string. Without `page=True` a key left
out keeps the record's current value (or the field's default on creation); on the page each
field reads its own widget (an unticked box is "no").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minamata_kb.activities.fields import (
    Amount,
    Choice,
    Code,
    Currency,
    Day,
    Headcount,
    Languages,
    Materials,
    Outputs,
    Results,
    Text,
    YesNo,
    split_list,
    text_of,
)
from minamata_kb.activities.models import Activity, Event
from minamata_kb.activities.reference_fields import ActivityRef, Lookups, Ref, Refs
from minamata_kb.activities.widgets import MaterialLines, OutputLines, RawInput

# --- forms ----------------------------------------------------------------------------------


class BoundaryForm(forms.Form):
    """Binds raw input to a record: see the module's docstring."""

    # Fields that only the API and files carry (the page keeps them as they are).
    OFF_PAGE: tuple[str, ...] = ()
    # Lists of dependent rows: replaced only when sent, never merged from the record.
    SENT_ONLY: tuple[str, ...] = ()

    def __init__(
        self,
        data: Any = None,
        *,
        instance: Any = None,
        page: bool = False,
        lookups: Lookups | None = None,
        initial: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.instance, self.page = instance, page
        self.lookups = lookups or Lookups()
        current = self.values_of(instance) if instance is not None else {}
        if data is not None and not page:
            kept = {k: v for k, v in current.items() if k not in self.SENT_ONLY}
            data = {**kept, **data}
        super().__init__(data, initial={**current, **(initial or {})}, **kwargs)
        for field in self.fields.values():
            field.lookups = self.lookups  # type: ignore[attr-defined]
            if not page:
                field.widget = RawInput()
        if page:
            for name in self.OFF_PAGE:
                del self.fields[name]
            if instance is not None:
                self.fields["code"].disabled = True
            if "topics" in self.fields:
                self.fields["topics"].widget.choices = [
                    (t.slug, t.name) for t in self.lookups.topics.values()
                ]

    @classmethod
    def values_of(cls, record: Any) -> dict[str, Any]:
        """A record as raw input, field by field."""
        return {
            name: field.value_of(record, name)  # type: ignore[attr-defined]
            for name, field in cls.base_fields.items()
            if name not in ("results",)
        }

    def add_error(self, field: str | None, error: Any) -> None:
        """A list field's errors by item (`results.0.indicator`) stand under their own keys."""
        if (
            field is not None
            and isinstance(error, ValidationError)
            and hasattr(error, "error_dict")
        ):
            for key, errors in error.error_dict.items():
                self.errors.setdefault(key, self.error_class()).extend(errors)
            self.cleaned_data.pop(field, None)
            return
        super().add_error(field, error)

    def replace_error(self, field: str, message: str, *, clear: tuple[str, ...] = ()) -> None:
        for name in (field, *clear):
            self.errors.pop(name, None)
        self.add_error(field, message)

    def check_dates(self, cleaned: dict[str, Any]) -> None:
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                _("the end (%(end)s) is before the start (%(start)s)")
                % {"end": end, "start": start},
            )

    def validation_error(self) -> ValidationError:
        """Every problem, by field, for the API and the services' callers."""
        return ValidationError({k: [str(m) for m in v] for k, v in self.errors.items()})


# Fields that both forms have.


def _title() -> Text:
    return Text(
        label=gettext_lazy("Title"),
        max_length=500,
        required=True,
        error_messages={"required": gettext_lazy("a title is required")},
    )


def _topics() -> Refs:
    return Refs(
        "topics",
        "slug",
        gettext_lazy("topic"),
        norm=str.lower,
        label=gettext_lazy("Topics"),
        widget=forms.CheckboxSelectMultiple,
    )


def _organisation(label: str | Promise) -> Ref:
    return Ref(
        "orgs",
        "slug",
        gettext_lazy("unknown organisation %(value)r"),
        label=label,
        widget=forms.TextInput(attrs={"maxlength": 80}),
    )


def _organisations(label: str | Promise) -> Refs:
    return Refs("orgs", "slug", gettext_lazy("organisation"), label=label)


def _channel(label: str | Promise) -> Ref:
    return Ref(
        "channels",
        "slug",
        gettext_lazy("unknown channel %(value)r; one of %(choices)s"),
        label=label,
        widget=forms.Select,
    )


class ActivityForm(BoundaryForm):
    """An activity: every field's rule and the rules between fields (`clean`)."""

    code = Code(
        label=gettext_lazy("Identifier"),
        max_length=80,
        help_text=gettext_lazy(
            "Lower-case letters, digits, '-' or '_'; used in links. Cannot change later."
        ),
    )
    title = _title()
    description = Text(label=gettext_lazy("Description"), widget=forms.Textarea)
    language = Text(
        label=gettext_lazy("Language of the text"), max_length=8, lower=True, default="en"
    )
    provider_party = Ref(
        "parties",
        "code",
        gettext_lazy("unknown party %(value)r"),
        norm=str.upper,
        label=gettext_lazy("Provider: party (code)"),
        widget=forms.TextInput(attrs={"maxlength": 3}),
    )
    provider_organisation = _organisation(gettext_lazy("Provider: organisation (identifier)"))
    executing_partners = _organisations(
        gettext_lazy("Executing partners (organisation identifiers, separated by ;)")
    )
    channel = _channel(gettext_lazy("Channel"))
    funding_source = _channel(gettext_lazy("Funding source"))
    amount = Amount(label=gettext_lazy("Amount"), widget=forms.TextInput(attrs={"maxlength": 40}))
    currency = Currency(
        label=gettext_lazy("Currency (ISO 4217)"), max_length=8, help_text="USD, EUR, CHF…"
    )
    beneficiary_countries = Refs(
        "countries",
        "iso3",
        gettext_lazy("country"),
        norm=str.upper,
        label=gettext_lazy("Beneficiary countries (ISO3 codes, separated by ;)"),
    )
    articles = Refs(
        "articles",
        "number",
        gettext_lazy("article"),
        norm=lambda s: int(str(s).strip()),
        label=gettext_lazy("Articles (numbers, separated by ;)"),
    )
    topics = _topics()
    start_date = Day(label=gettext_lazy("Start"))
    end_date = Day(label=gettext_lazy("End"))
    status = Choice(
        Activity.Status.choices,
        lower=True,
        default="planned",
        label=gettext_lazy("Status"),
        error_messages={
            "invalid_choice": gettext_lazy("unknown status %(value)r; one of %(choices)s")
        },
    )
    published = YesNo(default=True, label=gettext_lazy("Published"))
    outputs = Outputs(
        label=gettext_lazy("Outputs (knowledge-base resource ids, one a line)"),
        widget=OutputLines(attrs={"rows": 3}),
    )
    source = Text(label=gettext_lazy("Source"), widget=forms.Textarea(attrs={"rows": 2}))
    note = Text()
    results = Results()

    OFF_PAGE = ("note", "results")
    SENT_ONLY = ("outputs", "results")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.page:
            choices = [("", "—")] + [(c.slug, c.name) for c in self.lookups.channels.values()]
            for name in ("channel", "funding_source"):
                self.fields[name].widget.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        party, org = (text_of(self[k].data) for k in ("provider_party", "provider_organisation"))
        if party and org:
            self.replace_error(
                "provider_party",
                _("give a provider party or a provider organisation, not both"),
                clear=("provider_organisation",),
            )
        elif not party and not org:
            self.add_error(
                "provider_organisation", _("a provider (party or organisation) is required")
            )
        if (
            "currency" not in self.errors
            and cleaned.get("amount") is not None
            and not cleaned.get("currency")
        ):
            self.add_error("currency", _("an amount needs its currency (ISO 4217 code)"))
        self.check_dates(cleaned)
        return cleaned


# The CSV/XLSX file's columns (import and export), in the form's order; results are the API's.
COLUMNS: list[str] = [name for name in ActivityForm.base_fields if name != "results"]


class EventForm(BoundaryForm):
    """An event: every field's rule and the rules between fields (`clean`)."""

    code = Code(label=gettext_lazy("Identifier"), max_length=80)
    title = _title()
    kind = Choice(
        Event.Kind.choices,
        label=gettext_lazy("Kind"),
        error_messages={
            "invalid_choice": gettext_lazy("unknown kind %(value)r; one of %(choices)s")
        },
    )
    series = Text(label=gettext_lazy("Series"), max_length=120)
    activity = ActivityRef(
        label=gettext_lazy("Activity (identifier)"),
        widget=forms.TextInput(attrs={"maxlength": 80}),
    )
    start_date = Day(label=gettext_lazy("Start"))
    end_date = Day(label=gettext_lazy("End"))
    date_text = Text(max_length=120)
    online = YesNo(default=False, label=gettext_lazy("Online"))
    place = Text(label=gettext_lazy("Place"), max_length=200)
    country = Ref(
        "countries",
        "iso3",
        gettext_lazy("unknown country %(value)r"),
        norm=str.upper,
        label=gettext_lazy("Country (ISO3)"),
        widget=forms.TextInput(attrs={"maxlength": 3}),
    )
    languages = Languages(
        label=gettext_lazy("Languages (codes, separated by ;)"),
        widget=forms.TextInput(attrs={"maxlength": 60}),
    )
    organiser = _organisation(gettext_lazy("Organiser (identifier)"))
    co_organisers = _organisations(gettext_lazy("Co-organisers (identifiers, separated by ;)"))
    topics = _topics()
    participants_reported = Headcount(
        label=gettext_lazy("Participants reported by the source"),
        widget=forms.TextInput(attrs={"maxlength": 10}),
    )
    published = YesNo(default=True, label=gettext_lazy("Published"))
    materials = Materials(
        label=gettext_lazy("Recordings and presentations: one a line — kind, resource id or URL"),
        widget=MaterialLines(attrs={"rows": 3}),
        help_text="recording, demo-res-013",
    )
    source = Text(label=gettext_lazy("Source"), widget=forms.Textarea(attrs={"rows": 2}))
    note = Text()

    OFF_PAGE = ("date_text", "note")
    SENT_ONLY = ("materials",)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_dates(cleaned)
        return cleaned


class ParticipationForm(forms.Form):
    """One line per country: ISO3, women, men, other (blank ISO3 = country not recorded)."""

    rows = forms.CharField(
        label=gettext_lazy("Participants: one line per country — ISO3, women, men, other"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="GHA, 3, 4, 0",
    )

    def parsed(self) -> list[dict[str, str]]:
        out = []
        for line in (self.cleaned_data.get("rows") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            parts += [""] * (4 - len(parts))
            out.append({"country": parts[0], "women": parts[1], "men": parts[2], "other": parts[3]})
        return out


class CodeList(forms.CharField):
    """Identifiers separated by ';' or ','."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return split_list(value)


class LinkForm(forms.Form):
    """Which activities and events deliver a work-programme item (secretariat)."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    activities = CodeList(
        label=gettext_lazy("Activities (identifiers, separated by ;)"), required=False
    )
    events = CodeList(label=gettext_lazy("Events (identifiers, separated by ;)"), required=False)
