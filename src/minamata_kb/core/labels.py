"""Names shown in the page's language for values stored as English names or codes: UN M49
regions (CLDR territory names), languages (CLDR), country groups, instruments and the
entry-into-force basis (the project's catalogues). Statement roles: taxonomy_labels."""

from __future__ import annotations

import re
from functools import lru_cache

import babel
from babel.lists import format_list
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from minamata_kb.core.languages import CLDR_LOCALE, CONTENT_LANGUAGES, current_content_language

# UN M49 region, sub-region and intermediate-region names (as stored) -> their M49 codes,
# which CLDR names in every language.
M49_CODES = {
    "World": "001",
    "Africa": "002",
    "Americas": "019",
    "Asia": "142",
    "Europe": "150",
    "Oceania": "009",
    "Northern Africa": "015",
    "Sub-Saharan Africa": "202",
    "Eastern Africa": "014",
    "Middle Africa": "017",
    "Southern Africa": "018",
    "Western Africa": "011",
    "Latin America and the Caribbean": "419",
    "Caribbean": "029",
    "Central America": "013",
    "South America": "005",
    "Northern America": "021",
    "Central Asia": "143",
    "Eastern Asia": "030",
    "South-eastern Asia": "035",
    "Southern Asia": "034",
    "Western Asia": "145",
    "Eastern Europe": "151",
    "Northern Europe": "154",
    "Southern Europe": "039",
    "Western Europe": "155",
    "Australia and New Zealand": "053",
    "Melanesia": "054",
    "Micronesia": "057",
    "Polynesia": "061",
}


@lru_cache(maxsize=16)
def _locale(lang: str) -> babel.Locale | None:
    try:
        return babel.Locale.parse(to_locale(lang))
    except (ValueError, babel.UnknownLocaleError):
        return None


@lru_cache(maxsize=8)
def _cldr(content_lang: str) -> babel.Locale:
    return babel.Locale.parse(CLDR_LOCALE[content_lang])


def _ui_lang() -> str:
    return get_language() or "en"


def list_separator(position: int, count: int) -> str:
    """What follows item `position` (from 0) of a list of `count` items on a page, from the
    page language's CLDR list patterns: "A, B and C", "A、B和C", «A وB وC». A page that links
    each item writes the separators itself, so it cannot hand the names to Babel's format_list.
    English is British, like the COP documents (core.languages.CLDR_LOCALE)."""
    if position >= count - 1:
        return ""
    loc = _cldr(current_content_language())
    key = "2" if count == 2 else "end" if position == count - 2 else "middle"
    pattern = str(loc.list_patterns["standard"][key])
    return pattern.split("{0}", 1)[1].split("{1}", 1)[0]


def listed(items: list[str]) -> str:
    """Plain items joined as the page language joins a list ("A, B and C", "A、B和C", «A وB»):
    Babel's format_list with the CLDR locale list_separator uses."""
    if not items:
        return ""
    return format_list(items, locale=_cldr(current_content_language()))


def region_name(value: str) -> str:
    """An M49 region's name in the page's language (CLDR); English pages keep the UN name."""
    if not value:
        return value
    lang = _ui_lang()
    code = M49_CODES.get(value)
    if code is None or lang.startswith("en"):
        return value
    loc = _locale(lang)
    return str(loc.territories.get(code, value)) if loc else value


def language_name(code: str) -> str:
    """A language code's name in the page's language (CLDR), e.g. `en` -> « anglais »."""
    if not code:
        return code
    loc = _locale(_ui_lang())
    if loc is None:
        return code
    name = loc.languages.get(code.replace("-", "_")) or loc.languages.get(code.split("-")[0])
    return str(name) if name else code


def language_choices() -> list[tuple[str, str]]:
    """The six content languages as form choices, named in the page's language.

    Passed uncalled (`choices=language_choices`), so each form instance asks in its own request's
    language rather than once at import.
    """
    return [(code, language_name(code)) for code in CONTENT_LANGUAGES]


def group_name(value: str) -> str:
    """A country group's short name (LDC, SIDS, LLDC) in the page's language."""
    names = {"LDC": _("LDC"), "SIDS": _("SIDS"), "LLDC": _("LLDC")}
    return str(names.get(value, value))


def instrument_name(value: str) -> str:
    """The kind of instrument a party deposited, in the page's language."""
    names = {
        "ratification": _("ratification"),
        "accession": _("accession"),
        "acceptance": _("acceptance"),
        "approval": _("approval"),
        "formal confirmation": _("formal confirmation"),
    }
    return str(names.get(value, value))


_EIF_31_1 = re.compile(
    r"^Art\. 31\(1\): deposited on/before (\d{4}-\d{2}-\d{2}) \(50th instrument\)$"
)
_EIF_31_2 = re.compile(r"^Art\. 31\(2\): 90th day after deposit( \(computed\))?$")


def eif_basis(value: str) -> str:
    """The entry-into-force basis stored in English by the registry import, in the page's
    language when it is one of the import's two sentences (other notes are shown as stored)."""
    if m := _EIF_31_1.match(value):
        return _("Art. 31(1): instrument deposited on or before %(date)s (the 50th instrument)") % {
            "date": f"\u2066{m.group(1)}\u2069"  # isolated: read left to right in RTL
        }
    if m := _EIF_31_2.match(value):
        return (
            _("Art. 31(2): 90th day after the deposit (computed)")
            if m.group(1)
            else _("Art. 31(2): 90th day after the deposit")
        )
    if value == "computed under Article 31":
        return _("computed under Article 31")
    return value
