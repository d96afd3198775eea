"""Locale formatting for COP document editions: CLDR through Babel, gettext plurals, collation.

One place for what an edition writes that depends on its language and is not a phrase:
dates (the UN long form, "13 December 2019", "13 de diciembre de 2019", "2019年12月13日"),
numbers, "A, B and C" lists, and English alphabetical order (Unicode Collation Algorithm, so
Côte d'Ivoire comes before Croatia and Türkiye before Tuvalu). No month names or list words are
typed here: they come from CLDR. Plural phrases are gettext `ngettext` messages; building an
edition runs inside `edition(lang)` so they take the edition's plural rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from babel.dates import format_date as _babel_date
from babel.lists import format_list as _babel_list
from babel.numbers import format_decimal as _babel_decimal
from babel.numbers import format_percent as _babel_percent
from django.utils import translation

from minamata_kb.core.languages import CLDR_LOCALE, CONTENT_LANGUAGES, CONTENT_TO_UI


class UnknownLanguage(ValueError):
    """An edition language other than the six UN languages."""


def _locale(lang: str) -> str:
    try:
        return CLDR_LOCALE[lang]
    except KeyError:
        raise UnknownLanguage(
            f"unknown edition language {lang!r}: expected one of {', '.join(CONTENT_LANGUAGES)}"
        ) from None


def as_date(value: str | dt.date | dt.datetime) -> dt.date:
    """A date from a date, a datetime or an ISO string (its first ten characters)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"not an ISO date: {value!r}") from None


def format_date(value: str | dt.date | dt.datetime | None, lang: str) -> str:
    """The UN long date in `lang` from CLDR ("" for no date)."""
    if value is None or value == "":
        return ""
    return _babel_date(as_date(value), format="long", locale=_locale(lang))


def format_number(value: int | float, lang: str, *, decimals: int | None = None) -> str:
    """A number with the edition's grouping and decimal signs (at most `decimals` places)."""
    if decimals is not None:
        value = round(value, decimals)
    return _babel_decimal(value, locale=_locale(lang))


def format_percent(value: float, lang: str) -> str:
    """A share (0.25) as the edition writes a percentage."""
    return _babel_percent(value, locale=_locale(lang))


def format_list(items: Iterable[str], lang: str, style: str = "standard") -> str:
    """'A, B and C' in `lang` from CLDR ("" for no items); style 'or' gives 'A, B or C'."""
    items = [i for i in items if i]
    if not items:
        return ""
    return _babel_list(items, style=style, locale=_locale(lang))  # type: ignore[arg-type]


def space(lang: str) -> str:
    """What separates two sentences: a space, none in Chinese (full-width stops)."""
    return "" if lang == "zh" else " "


@contextmanager
def edition(lang: str) -> Iterator[None]:
    """Run gettext calls (and their plural rules) in the edition's language."""
    _locale(lang)
    with translation.override(CONTENT_TO_UI[lang]):
        yield


def ngettext(singular: str, plural: str, n: int, lang: str, **values: Any) -> str:
    """A plural phrase in `lang`, filled with `n` (as `{n}`, locally formatted) and `values`.

    The msgids still have to be literal at the call site for makemessages to find them, so the
    builders call `django.utils.translation.ngettext` themselves; this helper is for callers
    outside an `edition()` block.
    """
    with edition(lang):
        text = translation.ngettext(singular, plural, n)
    return text.format(n=format_number(n, lang), **values)


@lru_cache(maxsize=1)
def _collator() -> Any:
    from pyuca import Collator

    return Collator()


def collation_key(text: str) -> tuple[int, ...]:
    """The Unicode Collation Algorithm key of `text` (DUCET, the root order English uses)."""
    return tuple(_collator().sort_key(text))


def sort_names(names: Iterable[str]) -> list[str]:
    """Names in English alphabetical order (Côte d'Ivoire before Croatia, Türkiye before
    Tuvalu), ties broken by code point so the order is total."""
    return sorted(names, key=lambda n: (collation_key(n), n))
