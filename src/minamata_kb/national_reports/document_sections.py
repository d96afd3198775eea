"""The sections of the national-reports analysis as a COP document: each writes its
publishing ``Block``s from the frozen data (documents.collect) in the edition's language, with
the edition's names, numbers and labels (`_Edition`) and numbered paragraphs (`_Out`).
`comparison_note` is also the analysis page's note on the changes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from minamata_kb.national_reports.charts import stacked_bars_png
from minamata_kb.national_reports.models import ANSWER_LABELS
from minamata_kb.publishing import formatting, texts
from minamata_kb.publishing.blocks import Block

# The region names the support section's headings translate (`_(region)`).
REGIONS = [
    gettext_noop("Africa"),
    gettext_noop("Americas"),
    gettext_noop("Asia"),
    gettext_noop("Europe"),
    gettext_noop("Oceania"),
    gettext_noop("Other"),
]


def comparison_note(changes: dict[str, Any] | None, lang: str) -> str:
    """Which cycle the changes compare with and why, in the active language."""
    if not changes:
        return _("No earlier cycle has reports to compare with.")
    kind = _("full report") if changes["previous_kind"] == "full" else _("short report")
    values = {
        "kind": kind,
        "date": formatting.format_date(changes["previous_deadline"], lang),
    }
    if changes["basis"] == "same_kind":
        note = (
            _(
                "Compared with the %(kind)s due %(date)s: the latest earlier cycle of the same "
                "kind with reports (cycles of the other kind, and cycles without reports, are "
                "passed over)."
            )
            % values
        )
    else:
        note = (
            _(
                "No earlier cycle of this kind has reports; compared with the %(kind)s due "
                "%(date)s, the latest earlier cycle with reports, on the questions both ask."
            )
            % values
        )
    note += " " + _("Only the parties that answered both times are counted.")
    if changes["previous_format"] != changes["format"]:
        note += " " + (
            _(
                "That cycle used format %(old)s; its questions are matched to those of format "
                "%(new)s that replace them."
            )
            % {"old": changes["previous_format"], "new": changes["format"]}
        )
    if not changes["questions"]:
        note += " " + _("No question was answered in both cycles.")
    return note


class _Edition:
    """Names, numbers and labels of one edition, from the frozen data."""

    def __init__(self, data: dict[str, Any], lang: str) -> None:
        self.data = data
        self.lang = lang

    def party(self, code: str) -> str:
        p = self.data["parties"].get(code)
        return (p["names"].get(self.lang) or p["en"]) if p else code

    def parties(self, codes: list[str]) -> str:
        info = self.data["parties"]
        ordered = sorted(set(codes), key=lambda c: formatting.collation_key(
            info[c]["en"] if c in info else c))  # fmt: skip
        return formatting.format_list([self.party(c) for c in ordered], self.lang) or "—"

    def article(self, n: int | None) -> str:
        if not n:
            return "—"
        name = (self.data["articles"].get(str(n)) or {}).get(self.lang, "")
        return _("Art. %(n)s") % {"n": n} + (f" {name}" if name else "")

    def question(self, n: int, with_text: bool = True) -> str:
        """'12. Has your country …' — the number with the format's text in the edition's
        language (English, marked, when the format has no text in it)."""
        label = _("Q%(n)s") % {"n": n}
        q = self.data["questions"].get(str(n))
        if not with_text or not q:
            return label
        own = q["texts"].get(self.lang, "")
        if own:
            return f"{label} {own}"
        en = q["texts"].get("en", "")
        return f"{label} {en} ({texts.language_name(self.lang, 'en')})" if en else label

    def pct(self, value: float) -> str:
        return formatting.format_percent(value, self.lang)

    def num(self, value: float) -> str:
        return formatting.format_number(value, self.lang, decimals=2)

    def answers(self, counts: dict[str, int]) -> str:
        return (
            "; ".join(f"{ANSWER_LABELS.get(k, k)}: {self.num(v)}" for k, v in counts.items()) or "—"
        )


def _chart(
    rows: list[tuple[str, list[float]]], legend: list[str], lang: str, caption: str
) -> Block:
    return Block("image", caption, data=stacked_bars_png(rows, legend, lang=lang))


class _Out:
    """The blocks of an edition, with numbered paragraphs."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.n = 0

    def para(self, text: str) -> None:
        self.n += 1
        self.blocks.append(Block("p", text, number=self.n))


def blocks(data: dict[str, Any], lang: str, *, internal: bool) -> list[Block]:
    e = _Edition(data, lang)
    o = _Out()
    sections = (_intro, _support, _by_article, _by_question, _changes_section, _article14, _needs)
    for section in sections:
        section(o, e, data, lang)
    if internal:
        o.blocks += _appendix(data, lang)
    return o.blocks


def _intro(o: _Out, e: _Edition, data: dict[str, Any], lang: str) -> None:
    """Period, counts, what a gap is."""
    a, b, para = data["analysis"], o.blocks, o.para
    cycle = data["cycle"]
    kind = _("Full report") if cycle["kind"] == "full" else _("Short report")
    b.append(Block("h1", _("Introduction")))
    para(
        _("%(kind)s: reporting period %(start)s to %(end)s, due %(deadline)s.")
        % {
            "kind": kind,
            "start": formatting.format_date(cycle["period_start"], lang),
            "end": formatting.format_date(cycle["period_end"], lang),
            "deadline": formatting.format_date(cycle["deadline"], lang),
        }
    )
    para(
        ngettext(
            "%(n)s party submitted a report for this cycle.",
            "%(n)s parties submitted a report for this cycle.",
            a["reports"],
        )
        % {"n": e.num(a["reports"])}
        + " "
        + _("The reporting format (%(format)s) has %(q)s questions in this cycle.")
        % {"format": cycle["format"]["name"], "q": e.num(len(a["questions"]))}
        + (
            " " + _("The question texts used here are paraphrases, not the official wording.")
            if any(q.get("paraphrase") for q in data["questions"].values())
            else ""
        )
    )
    para(
        _(
            "An answer points to a gap when it is one of the answers the format marks as "
            "suggesting that support could help (for example no or partly). Challenges are "
            "comments that name a lack, a difficulty or a need."
        )
    )
    if not data["include_unpublished"]:
        para(_("Only published reports are counted."))


def _support(o: _Out, e: _Edition, data: dict[str, Any], lang: str) -> None:
    """Rankings of the articles where parties could use support."""
    a, b = data["analysis"], o.blocks
    b.append(Block("h1", _("Areas where parties could benefit from more support")))
    header = [_("Article"), _("Parties with a gap or challenge"), _("Share of those answering")]
    ranking = a["ranking"]

    def rank_table(items: list[dict[str, Any]]) -> Block:
        return Block(
            "table",
            head=header,
            rows=[[e.article(i["article"]), e.num(i["parties"]), e.pct(i["share"])] for i in items],
        )

    b.append(Block("h2", _("All reporting parties")))
    b.append(rank_table(ranking["all"]))
    if ranking["all"]:
        b.append(
            _chart(
                [(_("Art. %(n)s") % {"n": i["article"]}, [i["share"]]) for i in ranking["all"]],
                [_("Share of those answering")],
                lang,
                _("Share of reporting parties with a gap or challenge, by article"),
            )
        )
    groups = [
        (_("Least developed countries"), ranking["ldc"], ranking["group_sizes"]["ldc"]),
        (_("Small island developing States"), ranking["sids"], ranking["group_sizes"]["sids"]),
    ]
    for region, items in ranking["regions"].items():
        groups.append((_(region), items, ranking["group_sizes"].get(f"region:{region}", 0)))
    for heading, items, size in groups:
        count = ngettext("%(n)s party", "%(n)s parties", size) % {"n": e.num(size)}
        b.append(Block("h3", f"{heading} ({count})"))
        if items:
            b.append(rank_table(items))
        else:
            b.append(Block("p", _("No gap reported.")))


def _by_article(o: _Out, e: _Edition, data: dict[str, Any], lang: str) -> None:
    """Answers by article, with a chart."""
    a, b = data["analysis"], o.blocks
    b.append(Block("h1", _("Answers by article")))
    b.append(
        Block(
            "table",
            head=[
                _("Article"),
                _("Questions"),
                _("Answers"),
                _("No"),
                _("Partly"),
                _("Challenges"),
            ],
            rows=[
                [
                    e.article(r["article"]),
                    formatting.format_list([e.question(q, False) for q in r["questions"]], lang),
                    e.num(r["answers"]),
                    e.pct(r["share_no"]),
                    e.pct(r["share_partly"]),
                    e.num(r["challenge_count"]),
                ]
                for r in a["articles"]
            ],
        )
    )
    answered = [r for r in a["articles"] if r["answers"]]
    if answered:
        b.append(
            _chart(
                [
                    (_("Art. %(n)s") % {"n": r["article"]}, [r["share_no"], r["share_partly"]])
                    for r in answered
                ],  # fmt: skip
                [_("No"), _("Partly")],
                lang,
                _("Share of answers no and partly, by article"),
            )
        )


def _by_question(o: _Out, e: _Edition, data: dict[str, Any], lang: str) -> None:
    """Answers by question."""
    a, b = data["analysis"], o.blocks
    b.append(Block("h1", _("Answers by question")))
    rows = []
    for q in a["questions"]:
        counts = e.answers(q["counts"])
        if q["numbers"]["n"]:
            counts = _("total %(s)s, median %(m)s") % {
                "s": e.num(q["numbers"]["sum"]),
                "m": e.num(q["numbers"]["median"]),
            }
        rows.append(
            [
                e.question(q["number"]) + (" *" if q["short_report"] else ""),
                e.article(q["article"]) if q["article"] else "—",
                e.num(q["answered"]),
                counts,
                e.num(len(q["gap_parties"])),
            ]
        )
    b.append(
        Block(
            "table",
            head=[
                _("Question"),
                _("Article"),
                _("Answered"),
                _("Answers"),
                _("Parties with a gap"),
            ],
            rows=rows,
            data="small",
        )
    )
    b.append(Block("p", _("* asterisked question, answered in short reports too.")))


def _changes_section(o: _Out, e: _Edition, data: dict[str, Any], lang: str) -> None:
    """The comparison with an earlier cycle, saying which one and why."""
    a, b, para = data["analysis"], o.blocks, o.para
    b.append(Block("h1", _("Changes since the previous cycle")))
    para(comparison_note(a["changes"], lang))
    if a["changes"] and a["changes"]["questions"]:
        b.append(
            Block(
                "table",
                head=[_("Question"), _("Compared"), _("Out of a gap"), _("Into a gap")],
                rows=[
                    [
                        e.question(c["number"]),
                        e.num(c["compared"]),
                        e.parties(c["improved"]),
                        e.parties(c["worsened"]),
                    ]
                    for c in a["changes"]["questions"]
                ],
                data="small",
            )
        )


def _article14(o: _Out, e: _Edition, data: dict[str, Any], lang: str) -> None:
    """Article 14 answers and what parties wrote."""
    a, b, para = data["analysis"], o.blocks, o.para
    b.append(
        Block(
            "h1", _("Capacity-building, technical assistance and technology transfer (Article 14)")
        )
    )
    b.append(
        Block(
            "table",
            head=[_("Question"), _("Answered"), _("Answers")],
            rows=[
                [e.question(q["number"]), e.num(q["answered"]), e.answers(q["counts"])]
                for q in a["article14"]["questions"]
            ],
        )
    )
    quotes = data.get("quotes") or []
    if quotes:
        para(
            _(
                "What parties wrote, as received and not translated; a text written by several "
                "parties is given once."
            )
        )
        for quote in quotes:
            language = quote["language"]
            said = e.parties(quote["parties"])
            where = formatting.format_list(
                [e.question(q, with_text=False) for q in quote["questions"]], lang
            )
            if language and language != lang:
                marker = _("in %(language)s, not translated") % {
                    "language": texts.language_name(lang, language)
                }
                b.append(Block("p", f"{said} ({where}; {marker}):"))
            else:
                b.append(Block("p", f"{said} ({where}):"))
            b.append(Block("text", quote["text"], lang=language or lang))


def _needs(o: _Out, e: _Edition, data: dict[str, Any], lang: str) -> None:
    """Needs and challenges by topic; the parties that reported."""
    a, b, para = data["analysis"], o.blocks, o.para
    b.append(Block("h1", _("Needs and challenges named in comments, by topic")))
    para(
        ngettext(
            "%(n)s statement of a need or a challenge was found in comments and free-text answers.",
            "%(n)s statements of a need or a challenge were found in comments and free-text answers.",
            a["needs_count"],
        )
        % {"n": e.num(a["needs_count"])}
    )
    if a["needs_by_topic"]:
        topics = data["topics"]
        b.append(
            Block(
                "table",
                head=[_("Topic"), _("Statements")],
                rows=[
                    [(topics.get(k) or {}).get(lang) or k, e.num(v)]
                    for k, v in a["needs_by_topic"].items()
                ],
            )
        )
    b.append(Block("h1", _("Parties that reported")))
    para(e.parties(a["parties"]))


def _appendix(data: dict[str, Any], lang: str) -> list[Block]:
    """Internal edition: where the figures come from (snapshot, cycle code, party codes)."""
    a = data["analysis"]
    snap = data.get("snapshot")
    rows = [
        [_("Snapshot"), f"SNAP-{snap}" if snap else "—"],
        [_("Taken"), formatting.format_date(data.get("taken_at"), lang) or "—"],
        [_("Cycle"), data["cycle"]["code"]],
        [_("Reporting format"), data["cycle"]["format"]["version"]],
        [_("Parties that reported"), ", ".join(a["parties"]) or "—"],
    ]
    rows += [
        [_("Q%(n)s") % {"n": q["number"]}, ", ".join(q["gap_parties"]) or "—"]
        for q in a["questions"]
        if q["gap_parties"]
    ]
    return [
        Block("pagebreak"),
        Block("h1", _("Appendix: sources of the figures")),
        Block("meta", rows=rows),
    ]
