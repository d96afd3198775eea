"""The cross-party analysis of a reporting cycle: the dashboard page (figures, rankings by group,
questions, changes since the last cycle, Article 14, charts) and its document to download."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.core.labels import region_name
from minamata_kb.core.languages import CONTENT_LANGUAGES, CONTENT_TO_UI, current_content_language
from minamata_kb.national_reports import selectors
from minamata_kb.national_reports.analysis import Analysis, analyse
from minamata_kb.national_reports.analysis_records import RankItem
from minamata_kb.national_reports.charts import stacked_bars_svg
from minamata_kb.national_reports.document_sections import comparison_note
from minamata_kb.national_reports.documents import (
    article_names,
    build_document,
    english_order,
    party_names,
)
from minamata_kb.national_reports.models import ANSWER_LABELS, Cycle
from minamata_kb.national_reports.views import FILE_TYPES, download_language
from minamata_kb.taxonomy.models import Topic


def _can_see_unpublished(request: HttpRequest) -> bool:
    return is_secretariat(request.user)


def _charts(data: Analysis) -> dict[str, str]:
    return {
        "article_chart": stacked_bars_svg(
            [
                (f"Art. {r.article}", [r.share_no, r.share_partly])
                for r in data.articles
                if r.answers
            ],
            label=_("Share of answers no and partly, by article"),
        ),
        "question_chart": stacked_bars_svg(
            [
                (f"Q{q.number}", [q.share_no, q.share_partly])
                for q in data.questions
                if q.answered and q.counts
            ],
            label=_("Share of answers no and partly, by question"),
        ),
        "ranking_chart": stacked_bars_svg(
            [(f"Art. {i.article}", [i.share]) for i in data.ranking.all],
            label=_("Share of reporting parties with a gap or challenge, by article"),
        ),
    }


class _Names:
    """Party and article names in the reader's language for one analysis."""

    def __init__(self, data: Analysis, lang: str) -> None:
        codes = set(data.parties)
        ranking = data.ranking
        for group in [ranking.all, ranking.ldc, ranking.sids]:
            for item in group:
                codes.update(item.party_codes)
        self.parties = party_names(sorted(codes), lang)
        self.arts = article_names(lang)

    def plist(self, items: list[str]) -> str:
        return ", ".join(self.parties.get(c, c) for c in english_order(items))

    def rank_rows(self, items: list[RankItem]) -> list[dict[str, Any]]:
        return [
            {**asdict(i), "title": self.arts.get(i.article, ""), "names": self.plist(i.party_codes)}
            for i in items
        ]


def _groups(data: Analysis, names: _Names) -> list[tuple[str, list[dict[str, Any]], int]]:
    ranking = data.ranking
    sizes = ranking.group_sizes
    return [
        (_("All reporting parties"), names.rank_rows(ranking.all), sizes["all"]),
        (_("Least developed countries"), names.rank_rows(ranking.ldc), sizes["ldc"]),
        (_("Small island developing States"), names.rank_rows(ranking.sids), sizes["sids"]),
    ] + [
        (region_name(r), names.rank_rows(items), sizes.get(f"region:{r}", 0))
        for r, items in ranking.regions.items()
    ]


def _question_rows(data: Analysis, qtexts: dict[int, str], names: _Names) -> list[dict[str, Any]]:
    return [
        {
            **asdict(q),
            "text": qtexts.get(q.number, ""),
            "counts_display": [(ANSWER_LABELS.get(k, k), v) for k, v in q.counts.items()],
            "gap_count": len(q.gap_parties),
            "challenges_display": [
                (names.parties.get(c.party, c.party), c.text) for c in q.challenges[:3]
            ],
        }
        for q in data.questions
    ]


def _changes_context(data: Analysis, names: _Names, lang: str) -> dict[str, Any]:
    changes = data.changes
    rows = [
        {
            **asdict(c),
            "improved_names": names.plist(c.improved),
            "worsened_names": names.plist(c.worsened),
        }
        for c in (changes.questions if changes else [])
    ]
    note = comparison_note(asdict(changes) if changes else None, lang)
    return {"note": note, "rows": rows}


def _art14_context(data: Analysis, qtexts: dict[int, str], names: _Names) -> dict[str, Any]:
    return {
        "art14": [
            {
                **asdict(q),
                "text": qtexts.get(q.number, ""),
                "counts_display": [(ANSWER_LABELS.get(k, k), v) for k, v in q.counts.items()],
            }
            for q in data.article14.questions
        ],
        "art14_texts": [
            (names.parties.get(t.party, t.party), t.question, t.text)
            for t in data.article14.texts[:12]
        ],
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    include = _can_see_unpublished(request)
    cycle = selectors.resolve_cycle(request.GET.get("cycle"), include_unpublished=include)
    if cycle is None:
        raise Http404(_("No such cycle."))
    data = analyse(cycle, include_unpublished=include)
    lang = current_content_language()
    names = _Names(data, lang)
    qtexts = {q.number: q.text for q in cycle.questions()}
    topic_names = {t.slug: t.name for t in Topic.objects.all()}
    context = {
        "cycle": cycle,
        "cycles": Cycle.objects.all(),
        "data": data,
        "arts": names.arts,
        "names": names.parties,
        "groups": _groups(data, names),
        "questions": _question_rows(data, qtexts, names),
        "articles": [{**asdict(r), "title": names.arts.get(r.article, "")} for r in data.articles],
        "changes": _changes_context(data, names, lang),
        "topics": [(topic_names.get(k, k), v) for k, v in data.needs_by_topic.items()],
        "reporting_names": names.plist(data.parties),
        "include_unpublished": include,
        "lang": lang,
        "doc_langs": [(c, CONTENT_TO_UI[c]) for c in CONTENT_LANGUAGES],
    }
    context |= _charts(data) | _art14_context(data, qtexts, names)
    return render(request, "national_reports/dashboard.html", context)


def analysis_document(request: HttpRequest, cycle: str, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404(_("Unknown file type."))
    include = _can_see_unpublished(request)
    c = selectors.resolve_cycle(cycle, include_unpublished=include)
    if c is None:
        raise Http404(_("No such cycle."))
    lang = download_language(request)
    data = build_document(c, lang=lang, fmt=fmt, include_unpublished=include)
    response = HttpResponse(data, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="national-reports-analysis-{c.code}-{lang}.{fmt}"'
    )
    return response
