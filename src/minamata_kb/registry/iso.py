"""ISO 3166 (countries), ISO 4217 (currencies) and ISO 639 (languages) from pycountry.

pycountry packages the Debian iso-codes database, which follows the ISO maintenance agencies;
its version is pinned in requirements.in. The UN six-language country names are not taken from
here: they stay in data/registry/ (UNSD M49, UNTERM), which is what UN documents use.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=1)
def _alpha2_by_alpha3() -> dict[str, str]:
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def alpha2(iso3: str) -> str:
    """ISO 3166-1 alpha-2 code of an alpha-3 code; '' when ISO 3166-1 has none."""
    return _alpha2_by_alpha3().get((iso3 or "").upper(), "")


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """ISO 4217 alphabetic codes currently in the standard (funds and metals included)."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 alphabetic code (upper case, as written in records)."""
    return code in currency_codes()


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639-1 two-letter codes."""
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def is_language(code: str) -> bool:
    """Whether ``code`` is an ISO 639-1 code (lower case)."""
    return code in language_codes()
