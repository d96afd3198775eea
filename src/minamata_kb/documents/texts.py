"""The fixed text of the note on submissions and its annex: phrases by key (translated through
the documents' gettext catalogue in the edition's language) and the plural phrases of its
totals. The masthead's phrases, language names and dates every COP document shares are the
publishing toolkit's (`publishing.texts`), offered here too.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop, ngettext

from minamata_kb.publishing import formatting
from minamata_kb.publishing import texts as shared
from minamata_kb.publishing.texts import (
    EDITION,
    HEADER_DATE_LANG,
    LANGUAGE_NAMES,
    date,
    join,
    language_name,
)

__all__ = [
    "EDITION",
    "HEADER_DATE_LANG",
    "LANGUAGE_NAMES",
    "PHRASES",
    "date",
    "join",
    "language_name",
    "submissions_from_parties",
    "t",
]


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


# The note's fixed phrases by key, in English; their translations live in the documents
# catalogue (locale/<lang>/LC_MESSAGES/django.po) and `t` looks them up in the edition's
# language. Placeholders are named; the builders fill them.
PHRASES: dict[str, str] = {
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


def t(lang: str, key: str, **values: object) -> str:
    """The fixed phrase `key` in `lang` (the note's, else the masthead's), filled with `values`."""
    if key not in PHRASES:
        return shared.t(lang, key, **values)
    with formatting.edition(lang):
        return gettext(PHRASES[key]).format(**values)
