"""The value fields of the activities' typed boundary (forms.py): each says how raw input is
read (`to_python`), what an existing record holds (`value_of`) and how that value is written in
a file (`as_text`). The fields that name rows of other tables, and the lookups they share, are
in reference_fields.py."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from minamata_kb.activities.currencies import is_currency
from minamata_kb.activities.models import EventMaterial
from minamata_kb.core.identifiers import is_identifier
from minamata_kb.registry.iso import is_language

MAX_AMOUNT = Decimal("99999999999999")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def split_list(value: Any) -> list[str]:
    """A list as given, or a ';'/','-separated string, stripped and without blanks."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in re.split(r"[;,]", str(value)) if p.strip()]


def text_of(value: Any) -> str:
    return str(value or "").strip()


def _has_url_scheme(url: str) -> bool:
    return not url or url.startswith(("http://", "https://"))


# --- fields ---------------------------------------------------------------------------------


class Field(forms.Field):
    """A field of the boundary: reads raw input, reads a record, writes a file cell."""

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
        text = text_of(value)
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
        code = text_of(value).upper()
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
                ref, url, title = (text_of(item.get(k)) for k in ("resource_ref", "url", "title"))
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
            indicator = text_of(item.get("indicator"))
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
            url = text_of(item.get("url"))
            if not _has_url_scheme(url):
                problem = _("an output URL must start with http:// or https://")
            materials.append(
                {
                    "kind": kind,
                    "resource_ref": text_of(item.get("resource_ref"))[:200],
                    "title": text_of(item.get("title"))[:500],
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
