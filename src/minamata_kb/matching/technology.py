"""Technology transfer (Article 14(3)-(4)): the registry's initiatives, parties' technology needs
and transfer challenges drawn from statements, national reports and needs, and the COP document
for the periodic review, built as neutral blocks and drawn by the documents app's renderers
(DOCX and PDF, six languages, Arabic right to left)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext as _

from minamata_kb.matching.models import Need, Technology

TECH_TOPIC = "technology_transfer"
TECH_ARTICLE = 14
# Words that mark a sentence as being about technology when it carries no label (any language).
TECH_WORDS = (
    "technolog", "equipment", "alternative", "mercury-free", "transfer", "technique",
    "tecnolog", "equipo", "alternativ", "sin mercurio", "technique", "sans mercure",
    "технолог", "оборудован", "альтернатив", "技术", "设备", "替代", "تكنولوج", "معدات", "بديل",
)  # fmt: skip


@dataclass
class Item:
    """One technology need or challenge with where it came from."""

    role: str  # need | challenge
    party: Any
    text: str
    source: str
    language: str = ""


def _model(app: str, name: str) -> Any:
    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def _about_technology(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in TECH_WORDS)


def technology_items(*, published_only: bool = True) -> list[Item]:
    """Technology needs and transfer challenges: confirmed statements on technology transfer,
    national-report comments under Article 14 (or mentioning technology), and recorded needs."""
    items: list[Item] = []
    Statement = _model("submissions", "Statement")
    if Statement is not None:
        qs = (
            Statement.objects.filter(status="confirmed", role__in=("need", "challenge"))
            .select_related("submission__party", "submission__call")
            .prefetch_related("topics", "articles")
        )
        for st in qs:
            topics = {t.slug for t in st.topics.all()}
            arts = {a.number for a in st.articles.all()}
            if TECH_TOPIC not in topics and TECH_ARTICLE not in arts:
                continue
            if published_only and not st.is_published:
                continue
            items.append(
                Item(st.role, st.submission.party, st.text, f"ST-{st.pk}", st.submission.language)
            )
    try:
        from minamata_kb.national_reports.selectors import needs as report_needs
    except ImportError:
        report_needs = None  # type: ignore[assignment]
    if report_needs is not None:
        Party = _model("registry", "Party")
        found = [
            n
            for n in report_needs(include_unpublished=not published_only)
            if n.article == TECH_ARTICLE
            or TECH_TOPIC in (n.topics or ())
            or _about_technology(n.text)
        ]
        parties = {p.code: p for p in Party.objects.filter(code__in={n.party for n in found})}
        for n in found:
            items.append(Item(n.role, parties.get(n.party), n.text, f"{n.cycle} Q{n.question}"))
    needs = Need.objects.filter(topics__slug=TECH_TOPIC).select_related("party").distinct()
    if published_only:
        needs = needs.filter(published=True)
    for need in needs:
        if need.source_kind in ("statement", "answer"):
            continue  # already counted from its source
        items.append(Item("need", need.party, need.text, need.reference, need.language))
    return items


def _party_name(party: Any, lang: str) -> str:
    if party is None:
        return "—"
    source = party.country if getattr(party, "country_id", None) else party
    return str(getattr(source, f"name_{lang}", "") or getattr(source, "name_en", "") or party.code)


def _english_name(party: Any) -> str:
    if party is None:
        return ""
    source = party.country if getattr(party, "country_id", None) else party
    return str(getattr(source, "name_en", "") or party.code)


UI_LANG = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh-hans", "ar": "ar"}


def build_report(
    lang: str = "en", *, published_only: bool = True, today: dt.date | None = None
) -> Any:
    """The Article 14(4) review as the documents app's ``Built`` (fixed text in ``lang``)."""
    from minamata_kb.documents import texts
    from minamata_kb.documents.builders import Block, Built

    today = today or dt.date.today()
    techs = list(
        Technology.objects.filter(**({"published": True} if published_only else {}))
        .prefetch_related("providers", "topics")
        .order_by("sector", "name")
    )
    items = technology_items(published_only=published_only)
    with translation.override(UI_LANG.get(lang, "en")):
        title = _(
            "Review of information on alternative technologies, technology needs and challenges in technology transfer"
        )
        blocks: list[Block] = [
            Block(
                "header",
                data=[
                    "UNEP/MC/COP/—",
                    texts.t(lang, "distr"),
                    texts.date(texts.HEADER_DATE_LANG[lang], today),
                    texts.EDITION[lang],
                    texts.t(lang, "original"),
                ],
                text=texts.t(lang, "conference"),
            ),
            Block("title", title),
            Block("subtitle", _("Note by the secretariat (Article 14, paragraph 4)")),
            Block("h1", _("I. Introduction")),
        ]
        n = 1
        blocks.append(
            Block(
                "p",
                _(
                    "Article 14, paragraph 4, of the Convention asks the Conference of the Parties to "
                    "consider periodically information on current initiatives and progress made in "
                    "relation to alternative technologies, on parties' needs for alternative "
                    "technologies and on challenges experienced by parties in technology transfer."
                ),
                number=n,
            )
        )
        n += 1
        needs = [i for i in items if i.role == "need"]
        challenges = [i for i in items if i.role == "challenge"]
        parties = {i.party.pk for i in items if i.party is not None}
        blocks.append(
            Block(
                "p",
                _(
                    "This note draws on %(techs)d alternative technologies recorded in the knowledge "
                    "base, %(needs)d statements of technology needs and %(challenges)d statements of "
                    "challenges in technology transfer from %(parties)d parties."
                )
                % {
                    "techs": len(techs),
                    "needs": len(needs),
                    "challenges": len(challenges),
                    "parties": len(parties),
                },
                number=n,
            )
        )
        n += 1
        blocks.append(
            Block("h1", _("II. Current initiatives and progress on alternative technologies"))
        )
        if techs:
            head = [
                _("Technology"),
                _("Mercury use replaced"),
                _("Sector"),
                _("Maturity"),
                _("Providers"),
                _("Case studies"),
            ]
            rows = [
                [
                    t.name,
                    t.replaces,
                    str(t.get_sector_display()),
                    str(t.get_maturity_display()),
                    ", ".join(o.name for o in t.providers.all()) or "—",
                    str(len(t.case_studies)),
                ]
                for t in techs
            ]
            blocks.append(Block("table", head=head, rows=rows))
            by_maturity: dict[str, int] = {}
            for t in techs:
                by_maturity[str(t.get_maturity_display())] = (
                    by_maturity.get(str(t.get_maturity_display()), 0) + 1
                )
            summary = "; ".join(f"{k}: {v}" for k, v in sorted(by_maturity.items()))
            blocks.append(
                Block("p", _("By maturity: %(summary)s.") % {"summary": summary}, number=n)
            )
            n += 1
        else:
            blocks.append(
                Block("p", _("No alternative technologies have been recorded yet."), number=n)
            )
            n += 1
        for heading, group in (
            (_("III. Parties' needs for alternative technologies"), needs),
            (_("IV. Challenges experienced by parties in technology transfer"), challenges),
        ):
            blocks.append(Block("h1", heading))
            if not group:
                blocks.append(Block("p", _("None has been reported."), number=n))
                n += 1
                continue
            names = sorted({_english_name(i.party) for i in group if i.party is not None})
            named = {
                _english_name(i.party): _party_name(i.party, lang)
                for i in group
                if i.party is not None
            }
            blocks.append(
                Block(
                    "p",
                    _("Reported by: %(parties)s.")
                    % {"parties": ", ".join(named[x] for x in names)},
                    number=n,
                )
            )
            n += 1
            head = [_("Party"), _("Statement (as received)"), _("Source")]
            rows = [
                [_party_name(i.party, lang), i.text, i.source]
                for i in sorted(group, key=lambda i: (_english_name(i.party), i.source))
            ]
            blocks.append(Block("table", head=head, rows=rows))
        blocks.append(Block("h1", _("V. Suggested action by the Conference of the Parties")))
        blocks.append(
            Block(
                "p",
                _(
                    "The Conference of the Parties may wish to take note of the information in this "
                    "note and to consider it in making recommendations under Article 14, paragraph 5."
                ),
                number=n,
            )
        )
    return Built("technology", lang, title, blocks)


def render_report(lang: str, fmt: str, *, published_only: bool = True) -> bytes:
    """The review as DOCX or PDF bytes."""
    from minamata_kb.documents.render import render

    data, _images = render(build_report(lang, published_only=published_only), fmt)
    return data
