"""Fixed text of the COP documents: phrases by key (translated through the documents' gettext
catalogue in the edition's language), language names, and the UN header's language lines.

Dates, lists and numbers come from CLDR (see `formatting`); plurals from the catalogue's plural
rules (`ngettext` inside `formatting.edition(lang)`).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext, gettext_noop, ngettext

from minamata_kb.documents import formatting

LANGS = formatting.LANGS


def date(lang: str, value: str | dt.date | None) -> str:
    """A date written the UN way in the given language (CLDR long form through Babel)."""
    return formatting.format_date(value, lang)


def join(lang: str, items: list[str]) -> str:
    """'A, B and C' in the given language (CLDR list patterns through Babel)."""
    return formatting.format_list(items, lang)


def submissions_from_parties(lang: str, subs: int, parties: int) -> str:
    """'14 submissions from 13 parties' with each language's plural rules (gettext)."""
    with formatting.edition(lang):
        s = ngettext("{n} submission", "{n} submissions", subs)
        p = ngettext("{n} party", "{n} parties", parties)
        both = gettext("{submissions} from {parties}")
    return both.format(
        submissions=s.format(n=formatting.format_number(subs, lang)),
        parties=p.format(n=formatting.format_number(parties, lang)),
    )


# The fixed phrases of the documents by key, in English; their translations live in the
# documents catalogue (locale/<lang>/LC_MESSAGES/django.po) and `t` looks them up in the
# edition's language. Placeholders are named; the builders fill them.
PHRASES: dict[str, str] = {
    "distr": gettext_noop("Distr.: General"),
    "original": gettext_noop("Original: English"),
    "conference": gettext_noop("Conference of the Parties to the Minamata Convention on Mercury"),
    "note_title": gettext_noop("Report on the submissions received: {title}"),
    "note_by": gettext_noop("Note by the secretariat"),
    "section": gettext_noop("Report on the submissions"),
    "orgs": gettext_noop(
        "Submissions reporting the activities of organisations, including regional centres ({n}): {names}."
    ),
    "role_need": gettext_noop(
        "Parties describing their capacity-building and technical assistance needs ({n}): {names}."
    ),
    "role_challenge": gettext_noop("Parties describing challenges they face ({n}): {names}."),
    "role_support_received": gettext_noop("Parties describing support received ({n}): {names}."),
    "role_support_provided": gettext_noop(
        "Parties describing support provided to others ({n}): {names}."
    ),
    "role_example_success": gettext_noop("Parties describing examples of success ({n}): {names}."),
    "role_resource": gettext_noop("Parties offering tools, guidance or training ({n}): {names}."),
    "themes": gettext_noop("Themes of the statements"),
    "themes_intro": gettext_noop(
        "The table counts, for each theme, the parties that address it (in all, and by kind of statement) and the confirmed statements."
    ),
    "theme": gettext_noop("Theme"),
    "parties": gettext_noop("Parties"),
    "statements": gettext_noop("Statements"),
    "chart": gettext_noop("Figure I. Parties addressing each theme"),
    "appendix": gettext_noop("Appendix: sources of the figures"),
    "appendix_intro": gettext_noop(
        "Each figure of this note is counted from the records below (snapshot {snapshot}, taken on {date}; S = submission, ST = statement)."
    ),
    "figure": gettext_noop("Figure"),
    "value": gettext_noop("Value"),
    "records": gettext_noop("Records"),
    "f_submissions": gettext_noop("Submissions"),
    "f_parties": gettext_noop("Parties submitting"),
    "annex_title": gettext_noop("Compilation of the submissions received: {title}"),
    "annex_intro": gettext_noop(
        "The submissions are reproduced as received, without formal editing, in English alphabetical order of the submitters."
    ),
    "contents": gettext_noop("Contents"),
    "on_behalf": gettext_noop("{party} (activities of {org})"),
    "received_on": gettext_noop("Received"),
    "orig_language": gettext_noop("Original language"),
    "file": gettext_noop("File"),
    "checksum": gettext_noop("SHA-256"),
    "version": gettext_noop("Version"),
    "late_flag": gettext_noop("received after the deadline"),
    "none": gettext_noop("none"),
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


def language_name(lang: str, code: str) -> str:
    """The name of language `code` written in `lang` (the code itself when unknown)."""
    return LANGUAGE_NAMES[lang].get(code, code or "—")
