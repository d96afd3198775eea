"""The reference fields of the activities' typed boundary (forms.py): a row of another table
by its public key (`Ref`, `ActivityRef`) or several (`Refs`), and the `Lookups` a form shares
across them, so each table is loaded once per import or request. The base `Field` and the
value fields are in fields.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minamata_kb.activities.fields import Field, split_list, text_of
from minamata_kb.activities.models import Activity
from minamata_kb.registry.models import Country, Organisation, Party
from minamata_kb.taxonomy.models import Article, Channel, Topic


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


class Ref(Field):
    """One reference row by its public key (`key`); blank is none."""

    lookups: Lookups  # set by the form

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
        key = self.norm(text_of(value))
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
        code = text_of(value)
        if not code:
            return None
        found = Activity.objects.filter(code=code).first()
        if found is None:
            raise ValidationError(str(self.message) % {"value": code})
        return found


class Refs(Field):
    """Several reference rows by their public keys; every unknown key is named."""

    lookups: Lookups  # set by the form

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
