"""The one typed boundary of activities and events: `ActivityForm` and `EventForm`.

The page, the API (through `services.save_activity`/`save_event`) and the CSV/XLSX importer
all build these forms from their input, so a bad amount or an unknown country gets the same
message, under the same field name, whether it came from the web form, the API or row 17 of a
spreadsheet. Each field says everything about itself in one place: how raw input is read
(`to_python`), what an existing record holds (`value_of`: the partial update's base, the edit
page's initial values and the export row) and how that value is written in a file
(`as_text`). The file's columns are the form's fields (`COLUMNS`).

Raw input: text as typed or read from a cell, or the API's JSON values (lists, numbers,
booleans). A list is a JSON list or a ';'/','-separated string. Without `page=True` a key left
out keeps the record's current value (or the field's default on creation); on the page each
field reads its own widget (an unticked box is "no").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minamata_kb.activities.currencies import is_currency
from minamata_kb.activities.models import Activity, Event, EventMaterial
from minamata_kb.core.identifiers import is_identifier
from minamata_kb.registry.iso import is_language
from minamata_kb.registry.models import Country, Organisation, Party
from minamata_kb.taxonomy.models import Article, Channel, Topic

MAX_AMOUNT = Decimal("99999999999999")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Lookups:
    """Reference rows by their public keys, each table loaded once per import or request."""

    @cached_property
    def countries(self) -> dict[str, Country]:
        return {c.iso3: c for c in Country.objects.all()}

    @cached_property
    def parties(self) -> dict[str, Party]:
        return {p.code: p for p in Party.objects.all()}

    @cached_property
    def orgs(self) -> dict[str, Organisation]:
        return {o.slug: o for o in Organisation.objects.all()}

    @cached_property
    def channels(self) -> dict[str, Channel]:
        return {c.slug: c for c in Channel.objects.all()}

    @cached_property
    def topics(self) -> dict[str, Topic]:
        return {t.slug: t for t in Topic.objects.all()}

    @cached_property
    def articles(self) -> dict[int, Article]:
        return {a.number: a for a in Article.objects.all()}


def split_list(value: Any) -> list[str]:
    """A list as given, or a ';'/','-separated string, stripped and without blanks."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in re.split(r"[;,]", str(value)) if p.strip()]


def _text(value: Any) -> str:
    return str(value or "").strip()


def _has_url_scheme(url: str) -> bool:
    return not url or url.startswith(("http://", "https://"))


# --- widgets --------------------------------------------------------------------------------


class RawInput(forms.TextInput):
    """Off the page: the value as given (a list, a number, a date from a spreadsheet)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class OutputLines(forms.Textarea):
    """On the page: one knowledge-base resource id a line."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        lines = (data.get(name) or "").splitlines()
        return [{"resource_ref": ln.strip(), "title": "", "url": ""} for ln in lines if ln.strip()]

    def format_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(o["resource_ref"] for o in value if o["resource_ref"])
        return super().format_value(value) or ""


class MaterialLines(forms.Textarea):
    """On the page: one material a line, `kind, resource id or URL`."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        materials = []
        for line in (data.get(name) or "").splitlines():
            if not line.strip():
                continue
            kind, _sep, ref = line.partition(",")
            ref = ref.strip()
            is_url = ref.startswith(("http://", "https://"))
            materials.append(
                {
                    "kind": kind.strip(),
                    "resource_ref": "" if is_url else ref,
                    "url": ref if is_url else "",
                }
            )
        return materials

    def format_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(f"{m['kind']}, {m['resource_ref'] or m['url']}" for m in value)
        return super().format_value(value) or ""


# --- fields ---------------------------------------------------------------------------------


class Field(forms.Field):
    """A field of the boundary: reads raw input, reads a record, writes a file cell."""

    lookups: Lookups  # set by the form

    def __init__(self, *, required: bool = False, **kwargs: Any) -> None:
        super().__init__(required=required, **kwargs)

    def value_of(self, record: Any, name: str) -> Any:
        """The record's value as raw input (what the edit page shows, what a file holds)."""
        value = getattr(record, name)
        return "" if value is None else value

    def as_text(self, value: Any) -> str:
        """`value_of`'s value as a file cell."""
        return str(value)


class Text(Field, forms.CharField):
    """Stripped text; longer than `max_length` is cut (off the page, as it always was)."""

    def __init__(
        self, *, lower: bool = False, default: str = "", required: bool = False, **kwargs: Any
    ) -> None:
        self.lower, self.default = lower, default
        super().__init__(required=required, initial=default or None, **kwargs)

    def to_python(self, value: Any) -> str:
        text = _text(value)
        if self.lower:
            text = text.lower()
        if self.max_length is not None:
            text = text[: self.max_length]
        return text or self.default


class Code(Text):
    """The record's identifier: lower-case letters, digits, '-' or '_'."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(lower=True, required=True, **kwargs)
        self.max_length = None  # checked (not cut) by `validate`
        self.validators = []

    def validate(self, value: Any) -> None:
        if not is_identifier(value, 80):  # lower-cased by to_python: the alphabet's lower half
            raise ValidationError(
                _(
                    "an identifier of lower-case letters, digits, '-' or '_' is required"
                    " (got %(value)r)"
                )
                % {"value": value}
            )


class Ref(Field):
    """One reference row by its public key (`key`); blank is none."""

    def __init__(
        self,
        table: str,
        key: str,
        message: str | Promise,
        *,
        norm: Callable[[str], str] = str,
        **kwargs: Any,
    ) -> None:
        self.table, self.key, self.message, self.norm = table, key, message, norm
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        key = self.norm(_text(value))
        if not key:
            return None
        rows: dict[str, Any] = getattr(self.lookups, self.table)
        if key not in rows:
            raise ValidationError(
                str(self.message) % {"value": key, "choices": ", ".join(sorted(rows))}
            )
        return rows[key]

    def value_of(self, record: Any, name: str) -> str:
        row = getattr(record, name)
        return getattr(row, self.key) if row is not None else ""


class ActivityRef(Ref):
    """An activity by its code (looked up one at a time: the table may be long)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", "code", gettext_lazy("unknown activity %(value)r"), **kwargs)

    def to_python(self, value: Any) -> Any:
        code = _text(value)
        if not code:
            return None
        found = Activity.objects.filter(code=code).first()
        if found is None:
            raise ValidationError(str(self.message) % {"value": code})
        return found


class Refs(Field):
    """Several reference rows by their public keys; every unknown key is named."""

    def __init__(
        self,
        table: str,
        key: str,
        what: str | Promise,
        *,
        norm: Callable[[str], Any] = str,
        **kwargs: Any,
    ) -> None:
        self.table, self.key, self.what, self.norm = table, key, what, norm
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[Any]:
        rows: dict[Any, Any] = getattr(self.lookups, self.table)
        found, unknown = [], []
        for raw in split_list(value):
            try:
                key = self.norm(raw)
            except ValueError:
                key = None
            if key in rows:
                found.append(rows[key])
            else:
                unknown.append(raw)
        if unknown:
            raise ValidationError(
                _("unknown %(what)s: %(values)s")
                % {"what": self.what, "values": ", ".join(unknown)}
            )
        return found

    def value_of(self, record: Any, name: str) -> list[str]:
        return [str(getattr(row, self.key)) for row in getattr(record, name).all()]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list) and not isinstance(self.widget, forms.CheckboxSelectMultiple):
            return "; ".join(str(v) for v in value)
        return value

    def as_text(self, value: Any) -> str:
        return ";".join(sorted(value, key=self.norm))


class Amount(Field):
    """A non-negative decimal with two places; blank is none."""

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        not_a_number = ValidationError(_("not a number: %(value)r") % {"value": value})
        if isinstance(value, bool):
            raise not_a_number
        try:
            amount = Decimal(str(value).strip().replace(" ", ""))
        except InvalidOperation:
            raise not_a_number from None
        if not amount.is_finite():
            raise not_a_number
        if amount < 0:
            raise ValidationError(_("must not be negative: %(value)s") % {"value": value})
        if amount > MAX_AMOUNT:
            raise ValidationError(_("too large: %(value)s") % {"value": value})
        return amount.quantize(Decimal("0.01"))


class Currency(Text):
    """An ISO 4217 code (upper-cased); blank is none."""

    def to_python(self, value: Any) -> str:
        code = _text(value).upper()
        if code and not is_currency(code):
            raise ValidationError(
                _("unknown currency %(value)r (ISO 4217 code expected)") % {"value": code}
            )
        return code


class Day(Field):
    """A date (YYYY-MM-DD, or a date/datetime from a spreadsheet); blank is none."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DATE_WIDGET)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(
                _("not a date (YYYY-MM-DD): %(value)r") % {"value": value}
            ) from None


class Choice(Field):
    """One of a model's choices."""

    def __init__(
        self, choices: Any, *, lower: bool = False, default: str = "", **kwargs: Any
    ) -> None:
        self.values = {str(v) for v, _label in choices}
        self.lower, self.default = lower, default
        kwargs.setdefault("widget", forms.Select(choices=choices))
        kwargs.setdefault("initial", default or None)
        kwargs.setdefault("required", True)  # checked by `validate`: blank is not a choice
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = str(value or self.default).strip()
        return text.lower() if self.lower else text

    def validate(self, value: Any) -> None:
        if value not in self.values:
            raise ValidationError(
                self.error_messages["invalid_choice"]
                % {"value": value, "choices": ", ".join(sorted(self.values))}
            )


class YesNo(Field):
    """yes/no, true/false, 1/0 (a ticked box on the page); blank is `default`."""

    widget = forms.CheckboxInput

    def __init__(self, *, default: bool, **kwargs: Any) -> None:
        self.default = default
        super().__init__(required=False, initial=default, **kwargs)

    def to_python(self, value: Any) -> bool:
        if value is None or value == "":
            return self.default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "yes", "true", "y", "on"}:
            return True
        if text in {"0", "no", "false", "n"}:
            return False
        raise ValidationError(_("not yes or no: %(value)r") % {"value": value})

    def as_text(self, value: Any) -> str:
        return "yes" if value else "no"


class Headcount(Field):
    """A whole number of people; blank is none."""

    def to_python(self, value: Any) -> int | None:
        if value in (None, ""):
            return None
        try:
            n = int(str(value).strip())
        except ValueError:
            n = -1
        if n < 0:
            raise ValidationError(_("not a whole number of people: %(value)r") % {"value": value})
        return n


class Languages(Field):
    """ISO 639-1 codes, stored ';'-joined."""

    def to_python(self, value: Any) -> str:
        codes = [x.lower() for x in split_list(value)]
        bad = [x for x in codes if not is_language(x)]
        if bad:
            raise ValidationError(
                _("not language codes (ISO 639-1): %(values)s") % {"values": ", ".join(bad)}
            )
        return ";".join(codes)[:60]


class Outputs(Field):
    """An activity's outputs: resource ids (a list or a ';'-separated string) or
    {resource_ref, title, url} objects. Left out: the stored outputs stay."""

    def to_python(self, value: Any) -> list[dict[str, str]] | None:
        if value is None:
            return None
        outputs = []
        for item in value if isinstance(value, list) else split_list(value):
            if isinstance(item, dict):
                ref, url, title = (_text(item.get(k)) for k in ("resource_ref", "url", "title"))
            else:
                ref, url, title = str(item).strip(), "", ""
            if not _has_url_scheme(url):
                raise ValidationError(_("an output URL must start with http:// or https://"))
            if ref or url or title:
                outputs.append({"resource_ref": ref[:200], "url": url, "title": title})
        return outputs

    def value_of(self, record: Any, name: str) -> list[dict[str, str]]:
        return [
            {"resource_ref": o.resource_ref, "title": o.title, "url": o.url}
            for o in record.outputs.all()
        ]

    def as_text(self, value: Any) -> str:
        return ";".join(o["resource_ref"] for o in value if o["resource_ref"])


class Results(Field):
    """An activity's results ({indicator, unit, baseline, target, actual}); errors are named
    `results.<n>.<key>`. Left out: the stored results stay."""

    def to_python(self, value: Any) -> list[dict[str, Any]] | None:
        if value is None:
            return None
        rows, errors = [], {}
        amount = Amount()
        for i, item in enumerate(value or []):
            indicator = _text(item.get("indicator"))
            if not indicator:
                errors[f"results.{i}.indicator"] = [_("an indicator is required")]
            row: dict[str, Any] = {
                "indicator": indicator[:300],
                "unit": str(item.get("unit") or "")[:60],
            }
            for key in ("baseline", "target", "actual"):
                try:
                    row[key] = amount.to_python(item.get(key))
                except ValidationError as exc:
                    errors[f"results.{i}.{key}"] = exc.messages
            rows.append(row)
        if errors:
            raise ValidationError(errors)
        return rows


class Materials(Field):
    """An event's recordings and presentations ({kind, resource_ref, title, url}). Left out:
    the stored materials stay."""

    def to_python(self, value: Any) -> list[dict[str, str]] | None:
        if value is None:
            return None
        kinds = {k.value for k in EventMaterial.Kind}
        materials, problem = [], None
        for item in value or []:
            kind = str(item.get("kind") or "other")
            if kind not in kinds:
                problem = _("unknown kind %(value)r; one of %(choices)s") % {
                    "value": kind,
                    "choices": ", ".join(sorted(kinds)),
                }
            url = _text(item.get("url"))
            if not _has_url_scheme(url):
                problem = _("an output URL must start with http:// or https://")
            materials.append(
                {
                    "kind": kind,
                    "resource_ref": _text(item.get("resource_ref"))[:200],
                    "title": _text(item.get("title"))[:500],
                    "url": url,
                }
            )
        if problem:
            raise ValidationError(problem)
        return materials

    def value_of(self, record: Any, name: str) -> list[dict[str, str]]:
        return [
            {"kind": m.kind, "resource_ref": m.resource_ref, "title": m.title, "url": m.url}
            for m in record.materials.all()
        ]


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
        party, org = (_text(self[k].data) for k in ("provider_party", "provider_organisation"))
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
