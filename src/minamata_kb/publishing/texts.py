"""Fixed text every COP document shares: the masthead's phrases by key (translated through this
app's gettext catalogue in the edition's language), language names, the UN header's language
lines, and a record's text in an edition's language.

Dates, lists and numbers come from CLDR (see `formatting`). Each kind of document keeps its own
phrases with its builder (the note on submissions': `documents.texts`).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext, gettext_noop

from minamata_kb.publishing import formatting


def date(lang: str, value: str | dt.date | None) -> str:
    """A date written the UN way in the given language (CLDR long form through Babel)."""
    return formatting.format_date(value, lang)


def join(lang: str, items: list[str]) -> str:
    """'A, B and C' in the given language (CLDR list patterns through Babel)."""
    return formatting.format_list(items, lang)


# The masthead's fixed phrases by key, in English; their translations live in this app's
# catalogue (locale/<lang>/LC_MESSAGES/django.po) and `t` looks them up in the edition's language.
PHRASES: dict[str, str] = {
    "distr": gettext_noop("Distr.: General"),
    "original": gettext_noop("Original: English"),
    "conference": gettext_noop("Conference of the Parties to the Minamata Convention on Mercury"),
}


# Names of the six languages, in each language (for "Original language" lines).
LANGUAGE_NAMES = {
    "en": {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "zh": "Chinese",
           "ar": "Arabic"},
    "fr": {"en": "anglais", "fr": "français", "es": "espagnol", "ru": "russe", "zh": "chinois",
           "ar": "arabe"},
    "es": {"en": "inglés", "fr": "francés", "es": "español", "ru": "ruso", "zh": "chino",
           "ar": "árabe"},
    "ru": {"en": "английский", "fr": "французский", "es": "испанский", "ru": "русский",
           "zh": "китайский", "ar": "арабский"},
    "zh": {"en": "英文", "fr": "法文", "es": "西班牙文", "ru": "俄文", "zh": "中文", "ar": "阿拉伯文"},
    "ar": {"en": "الإنكليزية", "fr": "الفرنسية", "es": "الإسبانية", "ru": "الروسية",
           "zh": "الصينية", "ar": "العربية"},
}  # fmt: skip

# The language line of the UN header in each edition (English has none), and the language
# its date is written in (the header stays in English in the Russian, Chinese, Arabic editions).
EDITION = {"en": "", "fr": "Français", "es": "Español", "ru": "Russian", "zh": "Chinese",
           "ar": "Arabic"}  # fmt: skip
HEADER_DATE_LANG = {"en": "en", "fr": "fr", "es": "es", "ru": "en", "zh": "en", "ar": "en"}


def t(lang: str, key: str, **values: object) -> str:
    """The fixed phrase `key` in `lang` (from the catalogue), filled with `values`."""
    with formatting.edition(lang):
        return gettext(PHRASES[key]).format(**values)


def text_in(texts: dict[str, str] | None, lang: str) -> str:
    """The text in `lang`, or "" when it has not been written."""
    return ((texts or {}).get(lang) or "").strip()


def language_name(lang: str, code: str) -> str:
    """The name of language `code` written in `lang` (the code itself when unknown)."""
    return LANGUAGE_NAMES[lang].get(code, code or "—")
