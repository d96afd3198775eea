"""The analysis of national reports as a document (DOCX or PDF) in one of six languages.

One list of blocks (headings, paragraphs, tables, charts) is drawn twice: to Word with
python-docx and to PDF with WeasyPrint from HTML. Party lists are in English alphabetical
order in every language edition, as in COP documents; names are in the edition's language.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from minamata_kb.core.languages import CONTENT_TO_UI, localized
from minamata_kb.national_reports.analysis import analyse
from minamata_kb.national_reports.charts import stacked_bars_png, stacked_bars_svg
from minamata_kb.national_reports.models import ANSWER_LABELS, Cycle
from minamata_kb.registry.models import Party

REGIONS = [
    gettext_noop("Africa"),
    gettext_noop("Americas"),
    gettext_noop("Asia"),
    gettext_noop("Europe"),
    gettext_noop("Oceania"),
    gettext_noop("Other"),
]
FONT_STACK = {
    "zh": '"Noto Sans CJK SC", "Noto Serif CJK SC", "DejaVu Sans", sans-serif',
    "ar": '"Amiri", "Noto Naskh Arabic", "DejaVu Sans", sans-serif',
}
DEFAULT_STACK = '"DejaVu Sans", "Noto Sans CJK SC", "Amiri", sans-serif'
DOCX_FONT = {"zh": "Noto Sans CJK SC", "ar": "Amiri"}


@dataclass
class Block:
    kind: str  # title, h1, h2, p, table, chart
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    chart: list[tuple[str, list[float]]] = field(default_factory=list)


def article_names(lang: str) -> dict[int, str]:
    """Article number -> title in the language (from the convention profile)."""
    from minamata_kb.taxonomy.models import Article

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
    """Party codes in English alphabetical order of their names."""
    names = dict(Party.objects.filter(code__in=codes).values_list("code", "name_en"))
    return sorted(codes, key=lambda c: names.get(c, c))


def pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def blocks_for(cycle: Cycle, lang: str, *, include_unpublished: bool) -> list[Block]:
    """The document's content, in the active language."""
    a = analyse(cycle, include_unpublished=include_unpublished)
    arts = article_names(lang)
    all_codes = list(a["parties"])
    for q in a["questions"]:
        all_codes += q["gap_parties"]
    if a["changes"]:
        for c in a["changes"]["questions"]:
            all_codes += c["improved"] + c["worsened"]
    names = party_names(sorted(set(all_codes)), lang)

    def plist(codes: list[str]) -> str:
        return ", ".join(names.get(c, c) for c in english_order(codes)) or "—"

    def art(n: int | None) -> str:
        return _("Art. %(n)s") % {"n": n} + (f" {arts[n]}" if n in arts else "") if n else "—"

    b: list[Block] = [
        Block("title", _("Analysis of national reports under Article 21")),
        Block(
            "p",
            f"{cycle.label} ({cycle.code}) · "
            + _("reporting period %(start)s to %(end)s")
            % {"start": cycle.period_start.isoformat(), "end": cycle.period_end.isoformat()},
        ),
        Block(
            "p",
            _(
                "%(n)s parties submitted a report for this cycle. The reporting format "
                "%(format)s has %(q)s questions in this cycle; the question texts used here "
                "are paraphrases, not the official wording."
            )
            % {"n": a["reports"], "format": a["format"], "q": len(a["questions"])},
        ),
        Block(
            "p",
            _(
                "An answer points to a gap when it is one of the answers the format marks as "
                "suggesting that support could help (for example no or partly). Challenges are "
                "comments that name a lack, a difficulty or a need."
            ),
        ),
    ]
    if not include_unpublished:
        b.append(Block("p", _("Only published reports are counted.")))

    b.append(Block("h1", _("Areas where parties could benefit from more support")))
    header = [_("Article"), _("Parties with a gap or challenge"), _("Share of those answering")]
    ranking = a["ranking"]

    def rank_table(items: list[dict[str, Any]]) -> Block:
        return Block(
            "table",
            rows=[header]
            + [[art(i["article"]), str(i["parties"]), pct(i["share"])] for i in items],
        )

    b.append(Block("h2", _("All reporting parties")))
    b.append(rank_table(ranking["all"]))
    b.append(Block("chart", chart=[(f"Art. {i['article']}", [i["share"]]) for i in ranking["all"]]))
    groups = [
        (_("Least developed countries"), ranking["ldc"], ranking["group_sizes"]["ldc"]),
        (_("Small island developing States"), ranking["sids"], ranking["group_sizes"]["sids"]),
    ]
    for region, items in ranking["regions"].items():
        groups.append((_(region), items, ranking["group_sizes"].get(f"region:{region}", 0)))
    for title, items, size in groups:
        b.append(
            Block("h2", f"{title} ({ngettext('%(n)s party', '%(n)s parties', size) % {'n': size}})")
        )
        b.append(rank_table(items) if items else Block("p", _("No gap reported.")))

    b.append(Block("h1", _("Answers by article")))
    b.append(
        Block(
            "table",
            rows=[
                [_("Article"), _("Questions"), _("Answers"), _("No"), _("Partly"), _("Challenges")]
            ]
            + [
                [
                    art(r["article"]),
                    ", ".join(f"Q{n}" for n in r["questions"]),
                    str(r["answers"]),
                    pct(r["share_no"]),
                    pct(r["share_partly"]),
                    str(r["challenge_count"]),
                ]
                for r in a["articles"]
            ],
        )
    )
    b.append(
        Block(
            "chart",
            chart=[
                (f"Art. {r['article']}", [r["share_no"], r["share_partly"]])
                for r in a["articles"]
                if r["answers"]
            ],
        )
    )
    b.append(Block("p", _("Red: share of answers no; orange: share of answers partly.")))

    b.append(Block("h1", _("Answers by question")))
    rows = [[_("Question"), _("Article"), _("Answered"), _("Answers"), _("Parties with a gap")]]
    for q in a["questions"]:
        counts = "; ".join(f"{ANSWER_LABELS.get(k, k)}: {v}" for k, v in q["counts"].items())
        if q["numbers"]["n"]:
            counts = _("total %(s)s, median %(m)s") % {
                "s": f"{q['numbers']['sum']:g}",
                "m": f"{q['numbers']['median']:g}",
            }
        rows.append(
            [
                f"Q{q['number']}{'*' if q['short_report'] else ''}",
                f"{q['article'] or '—'}",
                str(q["answered"]),
                counts or "—",
                str(len(q["gap_parties"])),
            ]
        )
    b.append(Block("table", rows=rows))
    b.append(Block("p", _("* asterisked question, answered in short reports too.")))

    b.append(Block("h1", _("Changes since the previous cycle")))
    if a["changes"] and a["changes"]["questions"]:
        b.append(
            Block(
                "p",
                _("Compared with cycle %(c)s, for the parties that answered both times.")
                % {"c": a["changes"]["previous"]},
            )
        )
        b.append(
            Block(
                "table",
                rows=[[_("Question"), _("Compared"), _("Out of a gap"), _("Into a gap")]]
                + [
                    [
                        f"Q{c['number']}",
                        str(c["compared"]),
                        plist(c["improved"]),
                        plist(c["worsened"]),
                    ]
                    for c in a["changes"]["questions"]
                ],
            )
        )
    else:
        b.append(Block("p", _("No earlier cycle with comparable answers.")))

    b.append(
        Block(
            "h1", _("Capacity-building, technical assistance and technology transfer (Article 14)")
        )
    )
    b.append(
        Block(
            "table",
            rows=[[_("Question"), _("Answered"), _("Answers")]]
            + [
                [
                    f"Q{q['number']}",
                    str(q["answered"]),
                    "; ".join(f"{ANSWER_LABELS.get(k, k)}: {v}" for k, v in q["counts"].items())
                    or "—",
                ]
                for q in a["article14"]["questions"]
            ],
        )
    )
    if a["article14"]["texts"]:
        b.append(Block("p", _("What parties wrote (as received, in the language of the report):")))
        for t in a["article14"]["texts"][:20]:
            b.append(
                Block("p", f"{names.get(t['party'], t['party'])} (Q{t['question']}): {t['text']}")
            )

    b.append(Block("h1", _("Needs and challenges named in comments, by topic")))
    b.append(
        Block(
            "p",
            _(
                "%(n)s statements of a need or a challenge were found in comments and free-text answers."
            )
            % {"n": a["needs_count"]},
        )
    )
    if a["needs_by_topic"]:
        from minamata_kb.taxonomy.models import Topic

        topics = {t.slug: localized(t, "name", lang) for t in Topic.objects.all()}
        b.append(
            Block(
                "table",
                rows=[[_("Topic"), _("Statements")]]
                + [[topics.get(k, k), str(v)] for k, v in a["needs_by_topic"].items()],
            )
        )
    b.append(Block("h1", _("Parties that reported")))
    b.append(Block("p", plist(a["parties"])))
    return b


# --------------------------------------------------------------------------- drawing


def to_html(blocks: list[Block], lang: str) -> str:
    """The blocks as a standalone HTML page (for WeasyPrint)."""
    rtl = lang == "ar"
    font = FONT_STACK.get(lang, DEFAULT_STACK)
    out = [
        f'<!doctype html><html lang="{lang}" dir="{"rtl" if rtl else "ltr"}"><head>'
        '<meta charset="utf-8"><style>'
        f"@page {{ size: A4; margin: 18mm 16mm; @bottom-center {{ content: counter(page); "
        f"font-size: 9pt; }} }} body {{ font-family: {font}; font-size: 10pt; line-height: 1.4; }}"
        "h1 { font-size: 17pt; } h2 { font-size: 13pt; margin-top: 1.2em; }"
        "h3 { font-size: 11pt; } table { border-collapse: collapse; width: 100%; margin: .4em 0; }"
        "td, th { border: 1px solid #999; padding: 2px 4px; vertical-align: top; font-size: 9pt; }"
        "th { background: #eef2f5; } svg { width: 100%; max-width: 16cm; }"
        "</style></head><body>"
    ]
    for block in blocks:
        if block.kind == "title":
            out.append(f"<h1>{html.escape(block.text)}</h1>")
        elif block.kind == "h1":
            out.append(f"<h2>{html.escape(block.text)}</h2>")
        elif block.kind == "h2":
            out.append(f"<h3>{html.escape(block.text)}</h3>")
        elif block.kind == "p":
            out.append(f"<p>{html.escape(block.text)}</p>")
        elif block.kind == "table" and block.rows:
            head, *body = block.rows
            out.append("<table><thead><tr>")
            out += [f"<th>{html.escape(c)}</th>" for c in head]
            out.append("</tr></thead><tbody>")
            for row in body:
                out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
            out.append("</tbody></table>")
        elif block.kind == "chart" and block.chart:
            out.append(f'<div dir="ltr">{stacked_bars_svg(block.chart, label="chart")}</div>')
    out.append("</body></html>")
    return "".join(out)


def to_pdf(blocks: list[Block], lang: str) -> bytes:
    """The blocks as PDF through WeasyPrint."""
    from weasyprint import HTML

    return bytes(HTML(string=to_html(blocks, lang)).write_pdf())


def to_docx(blocks: list[Block], lang: str) -> bytes:
    """The blocks as a Word document."""
    from docx import Document
    from docx.shared import Cm

    from minamata_kb.national_reports.offline import _rtl

    doc = Document()
    if lang in DOCX_FONT:
        style = doc.styles["Normal"]
        style.font.name = DOCX_FONT[lang]  # type: ignore[attr-defined]
    rtl = lang == "ar"
    for block in blocks:
        paragraphs = []
        if block.kind == "title":
            paragraphs.append(doc.add_heading(block.text, level=0))
        elif block.kind == "h1":
            paragraphs.append(doc.add_heading(block.text, level=1))
        elif block.kind == "h2":
            paragraphs.append(doc.add_heading(block.text, level=2))
        elif block.kind == "p":
            paragraphs.append(doc.add_paragraph(block.text))
        elif block.kind == "table" and block.rows:
            table = doc.add_table(rows=0, cols=len(block.rows[0]))
            table.style = "Table Grid"
            for i, row in enumerate(block.rows):
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = value
                    if i == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
                    if rtl:
                        for p in cell.paragraphs:
                            _rtl(p)
        elif block.kind == "chart" and block.chart:
            doc.add_picture(io.BytesIO(stacked_bars_png(block.chart, [])), width=Cm(15))
        if rtl:
            for p in paragraphs:
                _rtl(p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build_document(
    cycle: Cycle, *, lang: str = "en", fmt: str = "docx", include_unpublished: bool = True
) -> bytes:
    """The analysis document of a cycle as DOCX or PDF bytes."""
    with translation.override(CONTENT_TO_UI.get(lang, "en")):
        blocks = blocks_for(cycle, lang, include_unpublished=include_unpublished)
        return to_pdf(blocks, lang) if fmt == "pdf" else to_docx(blocks, lang)
