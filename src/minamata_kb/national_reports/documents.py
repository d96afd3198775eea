"""The analysis of national reports as a COP document, in one of six languages.

`collect` freezes what the analysis says (figures, the question texts of the reporting format
in six languages, party, article and topic names) into plain data; `build` writes an edition
from that data as the publishing toolkit's ``Block``s, drawn by `publishing.render` like every COP
document (one renderer, one set of fonts and styles). Party lists are in English alphabetical
order (Unicode collation) in every edition, names in the edition's language; dates, numbers and
percentages are the edition's (CLDR); answers quoted as received are given once per distinct
text, with the parties that wrote it and the language it is in. The public edition shows no
internal codes; `internal=True` adds the appendix tracing each figure to the snapshot.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from minamata_kb.core.actors import Actor
from minamata_kb.core.languages import CONTENT_LANGUAGES, detect_language, localized
from minamata_kb.national_reports import document_sections as sections
from minamata_kb.national_reports.analysis import Analysis, analyse
from minamata_kb.national_reports.models import Cycle
from minamata_kb.national_reports.selectors import resolve_cycle
from minamata_kb.publishing import editions, formatting, render
from minamata_kb.publishing.blocks import Block, Built
from minamata_kb.publishing.editions import masthead, title
from minamata_kb.registry.models import Party
from minamata_kb.taxonomy.models import Article, Topic

# The names the analysis page and the commands read from here.
__all__ = [
    "KIND",
    "article_names",
    "build",
    "build_document",
    "collect",
    "english_order",
    "party_names",
]

KIND = "national_reports"


# --------------------------------------------------------------------------- helpers (pages too)


def article_names(lang: str) -> dict[int, str]:
    """Article number -> title in the language (from the convention profile)."""
    return {a.number: localized(a, "name", lang) for a in Article.objects.all()}


def party_names(codes: list[str], lang: str) -> dict[str, str]:
    """Party code -> name in the language."""
    out = {}
    for p in Party.objects.filter(code__in=codes).select_related("country"):
        out[p.code] = (localized(p.country, "name", lang) if p.country else "") or localized(
            p, "name", lang
        )
    return out


def english_order(codes: list[str]) -> list[str]:
    """Party codes in English alphabetical order of their names (Unicode collation)."""
    names = dict(Party.objects.filter(code__in=codes).values_list("code", "name_en"))
    return sorted(codes, key=lambda c: formatting.collation_key(names.get(c) or c))


# --------------------------------------------------------------------------- frozen input


def _quotes(analysis: Analysis) -> list[dict[str, Any]]:
    """Article 14 answers as received, each distinct text once with every party that wrote it,
    the questions it answers and its language."""
    groups: dict[str, dict[str, Any]] = {}
    for item in analysis.article14.texts:
        key = " ".join(item.text.split()).casefold()
        group = groups.setdefault(
            key,
            {"questions": [], "text": item.text.strip(), "parties": [],
             "language": detect_language(item.text, default="")},
        )  # fmt: skip
        if item.party not in group["parties"]:
            group["parties"].append(item.party)
        if item.question not in group["questions"]:
            group["questions"].append(item.question)
    return list(groups.values())


def _named_parties(a: Analysis, quotes: list[dict[str, Any]]) -> set[str]:
    """The codes of every party the analysis names: reporting, with a gap, changed, quoted."""
    codes = set(a.parties)
    for q in a.questions:
        codes.update(q.gap_parties)
    if a.changes:
        for c in a.changes.questions:
            codes.update(c.improved + c.worsened)
    for quote in quotes:
        codes.update(quote["parties"])
    return codes


def _parties(codes: set[str]) -> dict[str, dict[str, Any]]:
    """Each party's name in the six languages (its country's, else its own) and in English."""
    parties = {}
    for p in Party.objects.filter(code__in=codes).select_related("country"):
        source = p.country or p
        parties[p.code] = {
            "names": {
                lg: localized(source, "name", lg) or localized(p, "name", lg)
                for lg in CONTENT_LANGUAGES
            },
            "en": p.name_en or localized(source, "name", "en") or p.code,
        }
    return parties


def _questions(cycle: Cycle) -> dict[str, dict[str, Any]]:
    """The cycle's format questions by number: texts in six languages, paraphrase, article."""
    return {
        str(q.number): {
            "texts": {lg: getattr(q, f"text_{lg}", "") or "" for lg in CONTENT_LANGUAGES},
            "paraphrase": q.paraphrase,
            "article": q.article,
        }
        for q in cycle.format.questions.all()
    }


def collect(cycle: Cycle | None = None, *, include_unpublished: bool = True) -> dict[str, Any]:
    """What the analysis of a cycle is written from, as plain data (frozen in a snapshot)."""
    cycle = cycle or resolve_cycle("latest", include_unpublished=include_unpublished)
    if cycle is None:
        raise ValueError("no reporting cycle to analyse")
    a = analyse(cycle, include_unpublished=include_unpublished)
    quotes = _quotes(a)
    return {
        "cycle": {
            "code": cycle.code,
            "kind": cycle.kind,
            "period_start": cycle.period_start.isoformat(),
            "period_end": cycle.period_end.isoformat(),
            "deadline": cycle.deadline.isoformat(),
            "format": {"version": cycle.format.version, "name": cycle.format.name},
        },
        "include_unpublished": include_unpublished,
        "analysis": a.as_dict(),
        "quotes": quotes,
        "questions": _questions(cycle),
        "parties": _parties(_named_parties(a, quotes)),
        "articles": {
            str(x.number): {lg: localized(x, "name", lg) for lg in CONTENT_LANGUAGES}
            for x in Article.objects.all()
        },
        "topics": {
            t.slug: {lg: localized(t, "name", lg) for lg in CONTENT_LANGUAGES}
            for t in Topic.objects.all()
        },
    }


# --------------------------------------------------------------------------- the edition


def build(data: dict[str, Any], lang: str, *, internal: bool = False) -> Built:
    """An edition of the analysis from its frozen data."""
    with formatting.edition(lang):
        blocks = sections.blocks(data, lang, internal=internal)
        where = data.get("place") or {"symbol": "UNEP/MC/COP/DRAFT"}
        heading = title(where, lang, _("Analysis of national reports under Article 21"))
        head = [masthead(where, lang, data.get("taken_at") or data["cycle"]["deadline"]),
                Block("title", heading), Block("subtitle", _("Note by the secretariat"))]  # fmt: skip
    return Built(KIND, lang, heading, head + blocks)


def build_document(
    cycle: Cycle, *, lang: str = "en", fmt: str = "docx", include_unpublished: bool = True,
    actor: Actor = None, internal: bool = False, keep: bool = False,
) -> bytes:  # fmt: skip
    """One edition of a cycle's analysis as DOCX, PDF or Markdown bytes, built from a snapshot
    of its input (an unchanged input reuses its snapshot); `keep` files it as a COP document."""
    snap = editions.freeze(actor, KIND, collect(cycle, include_unpublished=include_unpublished))
    built = build(snap.data | {"snapshot": snap.pk}, lang, internal=internal)
    if keep:
        return editions.keep(actor, snap, KIND, lang, fmt, built)[1]
    return render.render(built, fmt)[0]
