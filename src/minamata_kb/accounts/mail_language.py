"""The language of the mail a user receives (reminders, notifications): the user's preference
(`Role.language`); without one, the party's official UN language (the first of the country's
official languages in the Unicode CLDR territory data, shipped with Babel, that is one of the
six UN languages; for an organisation, its host country's); English when none of the six
applies (the EU, Germany ...). The mail is in the recipient's language, never the sender's."""

from __future__ import annotations

from typing import Any

from babel.languages import get_official_languages

from minamata_kb.core.languages import CONTENT_TO_UI


def official_un_language(country: Any) -> str:
    """The country's first official language that is a UN language (UI code), else English."""
    iso2 = (getattr(country, "iso2", "") or "").upper()
    if not iso2:
        return "en"
    for code in get_official_languages(iso2, de_facto=True):
        if code.split("_")[0] in CONTENT_TO_UI:  # CLDR language codes are ISO 639-1 too
            return CONTENT_TO_UI[code.split("_")[0]]
    return "en"


def fallback_language(party: Any = None, organisation: Any = None) -> str:
    """A party's official UN language; an organisation's host country's; else English."""
    if party is not None:
        return official_un_language(getattr(party, "country", None))
    if organisation is not None:
        return official_un_language(getattr(organisation, "host_country", None))
    return "en"


def role_language(role: Any) -> str:
    """The language of a role holder's mail: the preference, else the fallback of the role's
    party or organisation."""
    return role.language or fallback_language(
        party=getattr(role, "party", None), organisation=getattr(role, "organisation", None)
    )
