"""Technology transfer (Article 14(3)-(4)): the registry's initiatives, parties' technology needs
and transfer challenges drawn from statements, national reports and needs, and the COP document
for the periodic review: its input frozen in a snapshot (`collect`), each edition written as the
publishing toolkit's Blocks (`build`) and drawn by `publishing.render` like every COP document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from minamata_kb.core.actors import Actor
from minamata_kb.core.languages import CONTENT_LANGUAGES, detect_language
from minamata_kb.matching.models import Need, Technology
from minamata_kb.publishing import editions, formatting, render, texts
from minamata_kb.publishing.blocks import Block, Built

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
        "names": {lg: str(getattr(source, f"name_{lg}", "") or en) for lg in CONTENT_LANGUAGES},
    }


KIND = "technology"


def _country(c: Any) -> dict[str, Any]:
    en = str(c.name_en or c.iso3)
    return {"code": c.iso3, "en": en,
            "names": {lg: str(getattr(c, f"name_{lg}", "") or en) for lg in CONTENT_LANGUAGES}}  # fmt: skip


def _case_studies(ids: list[str], *, published_only: bool) -> list[dict[str, Any]]:
    """The catalogue's case studies as the review cites them: each library resource with its
    title in every language it has a (visible) translation in, in the catalogue's order."""
    Resource = _model("library", "Resource")
    if Resource is None or not ids:
        return []
    visible = Resource.objects.filter(**({"published": True} if published_only else {}))
    found = {r.external_id: r for r in visible.filter(external_id__in=ids)}
    groups = {r.translation_group for r in found.values()}
    titles: dict[str, dict[str, str]] = {}
    for other in visible.filter(translation_group__in=groups).order_by("pk"):
        titles.setdefault(other.translation_group, {}).setdefault(other.language, other.title)
    out = []
    for ref in ids:
        r = found.get(ref)
        if r is not None:
            own = titles.get(r.translation_group, {}) | {r.language: r.title}
            out.append({"id": ref, "language": r.language, "titles": own})
    return out


def _technology(t: Technology, *, published_only: bool) -> dict[str, Any]:
    """One catalogue entry as the review is written from it: its six-language texts (only
    those written), providers, case studies and the countries where it is applied."""
    return {
        "slug": t.slug,
        "names": t.texts("name"),
        "replaces": t.texts("replaces"),
        "descriptions": t.texts("description"),
        "sector": t.sector,
        "maturity": t.maturity,
        "providers": sorted(o.name for o in t.providers.all()),
        "case_studies": _case_studies(list(t.case_studies or []), published_only=published_only),
        "countries": sorted(
            (_country(c) for c in t.countries.all()), key=lambda c: _english_key(c["en"])
        ),  # fmt: skip
        "maintained_by": t.organisation.name if t.organisation else "",
    }


def _english_key(text: str) -> tuple[int, ...]:
    return formatting.collation_key(text)


def _grouped_items(*, published_only: bool) -> list[dict[str, Any]]:
    """Needs and challenges grouped by distinct text (a text several parties wrote is one item
    naming them all), with its language and sources."""
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
    return list(groups.values())


def collect(*, published_only: bool = True) -> dict[str, Any]:
    """What the review is written from, as plain data (frozen in a snapshot): the catalogue's
    technologies (`_technology`) and the parties' needs and challenges (`_grouped_items`)."""
    techs = (
        Technology.objects.filter(**({"published": True} if published_only else {}))
        .select_related("organisation")
        .prefetch_related("providers", "countries")
        .order_by("sector", "name")
    )
    return {
        "published_only": published_only,
        "technologies": [_technology(t, published_only=published_only) for t in techs],
        "items": _grouped_items(published_only=published_only),
    }


def _legacy(t: dict[str, Any]) -> dict[str, Any]:
    """A technology of a snapshot frozen before the catalogue (English texts, a case-study
    count) in today's shape, so its editions can still be built."""
    if "names" in t:
        return t
    return {
        **t,
        "names": {"en": t["name"]},
        "replaces": {"en": t["replaces"]},
        "descriptions": {},
        "case_studies": [{"id": "", "language": "", "titles": {}}] * int(t["case_studies"]),
        "countries": [],
    }


class _Edition:
    """One language edition of the review being written: its blocks, numbered paragraphs and
    the edition's ways of writing numbers, party lists and catalogue texts."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.formatting = formatting
        self.texts = texts
        self.blocks: list[Block] = []
        self.n = 0
        self.untranslated = False  # an entry's text was given in English

    def num(self, n: int) -> str:
        return self.formatting.format_number(n, self.lang)

    def para(self, text: str) -> None:
        self.n += 1
        self.blocks.append(Block("p", text, number=self.n))

    def english(self, p: dict[str, Any]) -> tuple[int, ...]:
        return self.formatting.collation_key(p["en"])

    def named(self, names: list[dict[str, Any]]) -> str:
        """Parties or countries in English alphabetical order, each named in the edition."""
        ordered = sorted({p["code"]: p for p in names}.values(), key=self.english)
        return self.formatting.format_list(
            [p["names"].get(self.lang) or p["en"] for p in ordered], self.lang
        )

    def pick(self, texts: dict[str, str]) -> tuple[str, str]:
        """A catalogue text in the edition's language, else in English (noted); (text, lang)."""
        if texts.get(self.lang):
            return texts[self.lang], self.lang
        if texts.get("en"):
            self.untranslated = True
            return texts["en"], "en"
        return "", self.lang

    def marked(self, texts: dict[str, str]) -> str:
        """A catalogue name for a table cell: starred when given in English."""
        text, lang = self.pick(texts)
        return f"{text} *" if lang != self.lang else text

    def not_translated(self, language: str) -> str:
        return _("in %(language)s, not translated") % {
            "language": self.texts.language_name(self.lang, language)
        }


def _introduction(ed: _Edition, data: dict[str, Any]) -> None:
    needs = [i for i in data["items"] if i["role"] == "need"]
    challenges = [i for i in data["items"] if i["role"] == "challenge"]
    parties = {p["code"] for i in data["items"] for p in i["parties"]}
    ed.blocks.append(Block("h1", _("I. Introduction")))
    ed.para(
        _(
            "Article 14, paragraph 4, of the Convention asks the Conference of the Parties to "
            "consider periodically information on current initiatives and progress made in "
            "relation to alternative technologies, on parties' needs for alternative "
            "technologies and on challenges experienced by parties in technology transfer."
        )
    )
    ed.para(
        _(
            "This note draws on %(techs)s alternative technologies recorded in the knowledge "
            "base, %(needs)s statements of technology needs and %(challenges)s statements of "
            "challenges in technology transfer from %(parties)s parties."
        )
        % {
            "techs": ed.num(len(data["technologies"])),
            "needs": ed.num(len(needs)),
            "challenges": ed.num(len(challenges)),
            "parties": ed.num(len(parties)),
        }  # fmt: skip
    )


def _technology_table(ed: _Edition, techs: list[dict[str, Any]]) -> None:
    sector = dict(Technology.Sector.choices)
    maturity = dict(Technology.Maturity.choices)
    head = [_("Technology"), _("Mercury use replaced"), _("Sector"), _("Maturity"),
            _("Providers"), _("Case studies")]  # fmt: skip
    rows = [
        [
            ed.marked(t["names"]),
            ed.marked(t["replaces"]),
            str(sector.get(t["sector"], t["sector"])),
            str(maturity.get(t["maturity"], t["maturity"])),
            ed.formatting.format_list(t["providers"], ed.lang) or "—",
            ed.num(len(t["case_studies"])),
        ]
        for t in techs
    ]
    ed.blocks.append(Block("table", head=head, rows=rows))
    if ed.untranslated:
        ed.blocks.append(
            Block("p", _("* Not yet translated into this language: given in English."))
        )
    by_maturity: dict[str, int] = {}
    for t in techs:
        label = str(maturity.get(t["maturity"], t["maturity"]))
        by_maturity[label] = by_maturity.get(label, 0) + 1
    summary = "; ".join(f"{k}: {ed.num(v)}" for k, v in sorted(by_maturity.items()))
    ed.para(_("By maturity: %(summary)s.") % {"summary": summary})


def _technology_entry(ed: _Edition, t: dict[str, Any]) -> None:
    """One technology under its name: its description, where it is applied, its case studies
    (each title in the edition's language when the resource has that translation)."""
    ed.blocks.append(Block("h2", ed.marked(t["names"])))
    description, language = ed.pick(t.get("descriptions") or {})
    if description:
        if language != ed.lang:
            ed.blocks.append(Block("p", "(" + ed.not_translated(language) + ")"))
        ed.blocks.append(Block("text", description, lang=language))
    if t["countries"]:
        ed.blocks.append(
            Block("p", _("Applied in: %(countries)s.") % {"countries": ed.named(t["countries"])})
        )
    studies = []
    for study in t["case_studies"]:
        title = study["titles"].get(ed.lang)
        if not title and study["titles"]:
            original = study["language"]
            title = study["titles"].get(original) or next(iter(study["titles"].values()))
            title += " (" + ed.not_translated(original) + ")"
        if title:
            studies.append(title)
    if studies:
        ed.blocks.append(
            Block("p", _("Case studies: %(titles)s.") % {"titles": "; ".join(studies)})
        )


def _technologies(ed: _Edition, techs: list[dict[str, Any]]) -> None:
    ed.blocks.append(
        Block("h1", _("II. Current initiatives and progress on alternative technologies"))
    )
    if not techs:
        ed.para(_("No alternative technologies have been recorded yet."))
        return
    _technology_table(ed, techs)
    for t in techs:
        _technology_entry(ed, t)


def _reported(ed: _Edition, title: str, group: list[dict[str, Any]]) -> None:
    """A section of needs or challenges: who reported them, then each text as received."""
    ed.blocks.append(Block("h1", title))
    if not group:
        ed.para(_("None has been reported."))
        return
    ed.para(
        _("Reported by: %(parties)s.")
        % {"parties": ed.named([p for i in group for p in i["parties"]]) or "—"}
    )
    for item in sorted(group, key=lambda i: min((ed.english(p) for p in i["parties"]),
                                                default=())):  # fmt: skip
        who = ed.named(item["parties"]) or "—"
        language = item["language"]
        if language and language != ed.lang:
            who += " (" + ed.not_translated(language) + ")"
        ed.blocks.append(Block("p", who + ":"))
        ed.blocks.append(Block("text", item["text"], lang=language or ed.lang))


def _appendix(ed: _Edition, data: dict[str, Any]) -> None:
    snap = data.get("snapshot")
    rows = [[_("Snapshot"), f"SNAP-{snap}" if snap else "—"]]
    rows += [[ed.named(i["parties"]) or "—", ", ".join(i["sources"])] for i in data["items"]]
    ed.blocks += [Block("pagebreak"), Block("h1", _("Appendix: sources of the figures")),
                  Block("meta", rows=rows)]  # fmt: skip


def build(data: dict[str, Any], lang: str, *, internal: bool = False) -> Built:
    """An edition of the Article 14(4) review from its frozen data (publishing's Blocks); the
    catalogue's texts in the edition's language, in English where not translated (said)."""
    where = data.get("place") or {"symbol": editions.DRAFT_SYMBOL}
    techs = [_legacy(t) for t in data["technologies"]]
    with formatting.edition(lang):
        ed = _Edition(lang)
        heading = editions.title(
            where,
            lang,
            _("Review of information on alternative technologies, technology needs and "
              "challenges in technology transfer"),
        )  # fmt: skip
        ed.blocks += [
            editions.masthead(where, lang, data.get("taken_at") or ""),
            Block("title", heading),
            Block("subtitle", _("Note by the secretariat (Article 14, paragraph 4)")),
        ]
        _introduction(ed, data)
        _technologies(ed, techs)
        for title, role in (
            (_("III. Parties' needs for alternative technologies"), "need"),
            (_("IV. Challenges experienced by parties in technology transfer"), "challenge"),
        ):
            _reported(ed, title, [i for i in data["items"] if i["role"] == role])
        ed.blocks.append(Block("h1", _("V. Suggested action by the Conference of the Parties")))
        ed.para(
            _(
                "The Conference of the Parties may wish to take note of the information in this "
                "note and to consider it in making recommendations under Article 14, paragraph 5."
            )
        )
        if internal:
            _appendix(ed, data)
    return Built(KIND, lang, heading, ed.blocks)


def build_report(lang: str = "en", *, published_only: bool = True, actor: Actor = None) -> Built:
    """The review in `lang` from a snapshot of the current data (an unchanged input reuses its
    snapshot)."""
    snap = editions.freeze(actor, KIND, collect(published_only=published_only))
    return build(snap.data | {"snapshot": snap.pk}, lang)


def render_report(
    lang: str, fmt: str, *, published_only: bool = True, keep: bool = False, internal: bool = False
) -> bytes:
    """The review as DOCX, PDF or Markdown bytes (`keep` files it as a COP document; `internal`
    adds the appendix of sources)."""
    snap = editions.freeze(None, KIND, collect(published_only=published_only))
    built = build(snap.data | {"snapshot": snap.pk}, lang, internal=internal)
    if keep:
        return editions.keep(None, snap, KIND, lang, fmt, built)[1]
    return render.render(built, fmt)[0]
