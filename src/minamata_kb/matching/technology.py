"""Technology transfer (Article 14(3)-(4)): the registry's initiatives, parties' technology needs
and transfer challenges drawn from statements, national reports and needs, and the COP document
for the periodic review: its input frozen in a snapshot (`collect`), each edition written as the
documents app's Blocks (`build`) and drawn by `documents.render` like every COP document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from minamata_kb.documents.builders import Block, Built
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


def _names(party: Any) -> dict[str, Any] | None:
    """A party's names in six languages and its English name (for English order)."""
    if party is None:
        return None
    source = party.country if getattr(party, "country_id", None) else party
    en = str(getattr(source, "name_en", "") or party.code)
    return {
        "code": party.code,
        "en": en,
        "names": {lg: str(getattr(source, f"name_{lg}", "") or en) for lg in LANGS},
    }


LANGS = ("en", "fr", "es", "ru", "zh", "ar")
KIND = "technology"


def collect(*, published_only: bool = True) -> dict[str, Any]:
    """What the review is written from, as plain data (frozen in a snapshot): technologies with
    their sector and maturity codes, and the needs and challenges grouped by distinct text (a
    text several parties wrote is one item naming them all), with its language and sources."""
    from minamata_kb.search.text import detect_language

    techs = (
        Technology.objects.filter(**({"published": True} if published_only else {}))
        .prefetch_related("providers")
        .order_by("sector", "name")
    )
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for item in technology_items(published_only=published_only):
        key = (item.role, " ".join(item.text.split()).casefold())
        group = groups.setdefault(
            key,
            {"role": item.role, "text": item.text.strip(), "parties": [], "sources": [],
             "language": item.language or detect_language(item.text, default="")},
        )  # fmt: skip
        names = _names(item.party)
        if names and names["code"] not in [p["code"] for p in group["parties"]]:
            group["parties"].append(names)
        group["sources"].append(item.source)
    return {
        "published_only": published_only,
        "technologies": [
            {
                "name": t.name,
                "replaces": t.replaces,
                "sector": t.sector,
                "maturity": t.maturity,
                "providers": sorted(o.name for o in t.providers.all()),
                "case_studies": len(t.case_studies or []),
            }
            for t in techs
        ],
        "items": list(groups.values()),
    }


def build(data: dict[str, Any], lang: str, *, internal: bool = False) -> Built:
    """An edition of the Article 14(4) review from its frozen data (documents' Blocks)."""
    from minamata_kb.documents import editions, formatting, texts

    def num(n: int) -> str:
        return formatting.format_number(n, lang)

    def english(p: dict[str, Any]) -> tuple[int, ...]:
        return formatting.collation_key(p["en"])

    def named(parties: list[dict[str, Any]]) -> str:
        ordered = sorted({p["code"]: p for p in parties}.values(), key=english)
        return formatting.format_list([p["names"].get(lang) or p["en"] for p in ordered], lang)

    where = data.get("place") or {"symbol": editions.DRAFT_SYMBOL}
    with formatting.edition(lang):
        heading = editions.title(
            where,
            lang,
            _("Review of information on alternative technologies, technology needs and "
              "challenges in technology transfer"),
        )  # fmt: skip
        blocks: list[Block] = [
            editions.masthead(where, lang, data.get("taken_at") or ""),
            Block("title", heading),
            Block("subtitle", _("Note by the secretariat (Article 14, paragraph 4)")),
        ]
        n = 0

        def para(text: str) -> None:
            nonlocal n
            n += 1
            blocks.append(Block("p", text, number=n))

        techs = data["technologies"]
        needs = [i for i in data["items"] if i["role"] == "need"]
        challenges = [i for i in data["items"] if i["role"] == "challenge"]
        parties = {p["code"] for i in data["items"] for p in i["parties"]}
        blocks.append(Block("h1", _("I. Introduction")))
        para(
            _(
                "Article 14, paragraph 4, of the Convention asks the Conference of the Parties to "
                "consider periodically information on current initiatives and progress made in "
                "relation to alternative technologies, on parties' needs for alternative "
                "technologies and on challenges experienced by parties in technology transfer."
            )
        )
        para(
            _(
                "This note draws on %(techs)s alternative technologies recorded in the knowledge "
                "base, %(needs)s statements of technology needs and %(challenges)s statements of "
                "challenges in technology transfer from %(parties)s parties."
            )
            % {
                "techs": num(len(techs)),
                "needs": num(len(needs)),
                "challenges": num(len(challenges)),
                "parties": num(len(parties)),
            }  # fmt: skip
        )
        blocks.append(
            Block("h1", _("II. Current initiatives and progress on alternative technologies"))
        )
        if techs:
            sector = dict(Technology.Sector.choices)
            maturity = dict(Technology.Maturity.choices)
            blocks.append(
                Block(
                    "table",
                    head=[
                        _("Technology"),
                        _("Mercury use replaced"),
                        _("Sector"),
                        _("Maturity"),
                        _("Providers"),
                        _("Case studies"),
                    ],  # fmt: skip
                    rows=[
                        [
                            t["name"],
                            t["replaces"],
                            str(sector.get(t["sector"], t["sector"])),
                            str(maturity.get(t["maturity"], t["maturity"])),
                            formatting.format_list(t["providers"], lang) or "—",
                            num(t["case_studies"]),
                        ]  # fmt: skip
                        for t in techs
                    ],
                )
            )
            by_maturity: dict[str, int] = {}
            for t in techs:
                label = str(maturity.get(t["maturity"], t["maturity"]))
                by_maturity[label] = by_maturity.get(label, 0) + 1
            summary = "; ".join(f"{k}: {num(v)}" for k, v in sorted(by_maturity.items()))
            para(_("By maturity: %(summary)s.") % {"summary": summary})
        else:
            para(_("No alternative technologies have been recorded yet."))
        for title, group in (
            (_("III. Parties' needs for alternative technologies"), needs),
            (_("IV. Challenges experienced by parties in technology transfer"), challenges),
        ):
            blocks.append(Block("h1", title))
            if not group:
                para(_("None has been reported."))
                continue
            para(
                _("Reported by: %(parties)s.")
                % {"parties": named([p for i in group for p in i["parties"]]) or "—"}
            )
            for item in sorted(group, key=lambda i: min((english(p) for p in i["parties"]),
                                                         default=())):  # fmt: skip
                who = named(item["parties"]) or "—"
                language = item["language"]
                if language and language != lang:
                    who += (
                        " ("
                        + _("in %(language)s, not translated")
                        % {"language": texts.language_name(lang, language)}
                        + ")"
                    )
                blocks.append(Block("p", who + ":"))
                blocks.append(Block("text", item["text"], lang=language or lang))
        blocks.append(Block("h1", _("V. Suggested action by the Conference of the Parties")))
        para(
            _(
                "The Conference of the Parties may wish to take note of the information in this "
                "note and to consider it in making recommendations under Article 14, paragraph 5."
            )
        )
        if internal:
            snap = data.get("snapshot")
            rows = [[_("Snapshot"), f"SNAP-{snap}" if snap else "—"]]
            rows += [[named(i["parties"]) or "—", ", ".join(i["sources"])] for i in data["items"]]
            blocks += [Block("pagebreak"), Block("h1", _("Appendix: sources of the figures")),
                       Block("meta", rows=rows)]  # fmt: skip
    return Built(KIND, lang, heading, blocks)


def build_report(lang: str = "en", *, published_only: bool = True, actor: Any = None) -> Built:
    """The review in `lang` from a snapshot of the current data (an unchanged input reuses its
    snapshot)."""
    from minamata_kb.documents import editions

    snap = editions.freeze(actor, KIND, collect(published_only=published_only))
    return build(snap.data | {"snapshot": snap.pk}, lang)


def render_report(
    lang: str, fmt: str, *, published_only: bool = True, keep: bool = False, internal: bool = False
) -> bytes:
    """The review as DOCX, PDF or Markdown bytes (`keep` files it as a COP document; `internal`
    adds the appendix of sources)."""
    from minamata_kb.documents import editions, render

    snap = editions.freeze(None, KIND, collect(published_only=published_only))
    built = build(snap.data | {"snapshot": snap.pk}, lang, internal=internal)
    if keep:
        return editions.keep(None, snap, KIND, lang, fmt, built)[1]
    return render.render(built, fmt)[0]
