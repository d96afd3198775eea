"""Draw built documents as Markdown, DOCX (python-docx) or PDF (WeasyPrint from HTML).

Every COP document of the system (the note on submissions and its annex, the analysis of
national reports, the Article 14(4) technology review) is a list of ``Block``s drawn here, so
the three formats and the three kinds of document share one set of styles, fonts, headers,
language tags and right-to-left handling.

Conference-ready files: the DOCX is built on python-docx's template with its styles rewritten
per edition (Title, Heading 1-3, a numbered-paragraph list style in numbering.xml, a table
style), the document symbol in a running header, a PAGE field in the footer, the edition's
language tags (w:lang val/eastAsia/bidi) in the document defaults and on runs whose language
differs, a right-to-left section for Arabic, column widths computed from the cells' content and
true core properties. The PDF draws the same from HTML: the symbol in the @page header, page
numbers, lang and dir attributes.

Arabic: Latin and numeric runs inside right-to-left lines are wrapped in Unicode isolates
(U+2066 LEFT-TO-RIGHT ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE) so that punctuation and
parentheses fall where the reader expects ("BCRC-Argentina (South America)" keeps its
parentheses); the DOCX also puts such runs in their own left-to-right runs.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from minamata_kb.publishing.blocks import Block, Built

RTL = {"ar"}
# BCP 47 tags of the editions (UN practice: British English, Simplified Chinese, Arabic).
LANG_TAG = {
    "en": "en-GB",
    "fr": "fr-FR",
    "es": "es-ES",
    "ru": "ru-RU",
    "zh": "zh-CN",
    "ar": "ar-SA",
}
FONT_STACK = {
    "zh": '"Noto Serif CJK SC", "DejaVu Serif", "Amiri", serif',
    "ar": '"Amiri", "DejaVu Serif", "Noto Serif CJK SC", serif',
}
DEFAULT_STACK = '"DejaVu Serif", "Noto Serif CJK SC", "Amiri", serif'
LATIN_FONT = {"zh": "Noto Serif CJK SC", "ar": "Amiri"}
EAST_ASIAN_FONT = "Noto Serif CJK SC"
COMPLEX_FONT = "Amiri"
DEFAULT_AUTHOR = "Minamata Convention secretariat"
CONTENT_CM = 17.0  # A4 width less 2 cm margins

LRI, PDI = "\u2066", "\u2069"
_L = r"A-Za-z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF"
# A left-to-right run: starts and ends with a Latin/Cyrillic letter or a digit (or a closing
# bracket or per cent sign), and may hold spaces and the punctuation of names and symbols.
_LTR_RUN = re.compile(rf"[{_L}](?:[{_L}\s\-\u2010-\u2014/.,:;'\u2019&+%()\[\]#°_]*[{_L})\]%])?")


def split_directions(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, left_to_right) pieces for a right-to-left line. A closing
    bracket without its opening one in the run belongs to the right-to-left sentence."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for m in _LTR_RUN.finditer(text):
        run = m.group(0)
        end = m.end()
        while run and (
            (run[-1] == ")" and run.count(")") > run.count("("))
            or (run[-1] == "]" and run.count("]") > run.count("["))
            or not (run[-1].isalnum() or run[-1] in ")]%")
        ):
            run = run[:-1]
            end -= 1
        if not run:
            continue
        if m.start() > pos:
            pieces.append((text[pos : m.start()], False))
        pieces.append((run, True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def isolate(text: str) -> str:
    """The text with each left-to-right run wrapped in LRI ... PDI (for right-to-left lines)."""
    return "".join(f"{LRI}{p}{PDI}" if ltr else p for p, ltr in split_directions(text))


def _directional(text: str, rtl: bool) -> str:
    return isolate(text) if rtl else text


_RTL_CHAR = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")


def left_to_right_only(text: str) -> bool:
    """Text with letters and no right-to-left letter (a name or phrase in Latin script): in an
    Arabic edition it is set as a left-to-right paragraph (aligned like its neighbours), since
    an isolate cannot carry its direction across the lines a long run wraps onto."""
    return bool(re.search(r"[^\W\d_]", text)) and not _RTL_CHAR.search(text)


def _symbol(doc: Built) -> str:
    """The document symbol (first item of the header block)."""
    for b in doc.blocks:
        if b.kind == "header" and b.data:
            return str(b.data[0])
    return ""


# --------------------------------------------------------------------------- column widths


TABLE_PT = 9.0  # the size of table text (DOCX "Table Text", PDF tables)
# The face each edition's tables are measured in (the first of its font stack).
MEASURE_FAMILY = {"zh": "Noto Serif CJK SC", "ar": "Amiri"}
_CJK = re.compile(r"[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]")


@lru_cache(maxsize=16)
def _face(lang: str, bold: bool) -> Any:
    """The edition's table font at TABLE_PT (PIL), found through matplotlib's font list; None
    when it is not installed (an estimate is used then)."""
    try:
        from matplotlib import font_manager
        from PIL import ImageFont

        family = MEASURE_FAMILY.get(lang, "DejaVu Serif")
        props = font_manager.FontProperties(family=family, weight="bold" if bold else "normal")
        path = font_manager.findfont(props, fallback_to_default=False)
        return ImageFont.truetype(path, size=int(TABLE_PT * 10))  # tenths of a point
    except (ImportError, OSError, ValueError):
        return None


def text_width(text: str, lang: str = "en", bold: bool = False) -> float:
    """Width of `text` set in the edition's table font, in cm."""
    face = _face(lang, bold)
    if face is not None:
        points = face.getlength(text) / 10
    else:  # no font file: East Asian characters one em, others about 0.6 em
        wide = sum(1 for c in text if unicodedata.east_asian_width(c) in ("W", "F"))
        points = (wide + 0.62 * (len(text) - wide)) * TABLE_PT * (1.08 if bold else 1.0)
    return points / 72 * 2.54


def longest_word(text: str, lang: str = "en", bold: bool = False) -> float:
    """Width (cm) of the longest piece that must not break: a word; East Asian text may break
    between any two characters."""
    best = 0.0
    for word in text.split():
        for piece in _CJK.split(word):
            best = max(best, text_width(piece, lang, bold))
        if _CJK.search(word):
            best = max(best, text_width("\u4e00", lang, bold))
    return best


def column_widths(
    rows: list[list[str]], total: float, lang: str = "en", head: bool = False
) -> list[float]:
    """Column widths (in the unit of `total`, a 17 cm line) from the content, measured in the
    edition's table font: each column at least as wide as its longest word, the rest of the line
    shared in proportion to how much text each column holds (the automatic layout of HTML
    tables), so no word is broken. `head`: the first row is bold."""
    cols = max((len(r) for r in rows), default=0)
    if not cols:
        return []
    pad = 0.4  # cell margins and borders, cm
    low = [0.0] * cols
    high = [0.0] * cols
    for r, row in enumerate(rows):
        bold = head and r == 0
        for i, cell in enumerate(row):
            low[i] = max(low[i], longest_word(cell, lang, bold) + pad)
            high[i] = max(high[i], min(text_width(cell, lang, bold), 40.0) + pad)
    scale = total / CONTENT_CM
    low = [x * scale for x in low]
    high = [max(h * scale, lo) for h, lo in zip(high, low, strict=True)]
    if sum(high) <= total:
        extra = total - sum(high)
        return [h + extra * h / sum(high) for h in high]
    if sum(low) >= total:
        return [lo * total / sum(low) for lo in low]
    spare = total - sum(low)
    want = [h - lo for h, lo in zip(high, low, strict=True)]
    return [lo + spare * w / sum(want) for lo, w in zip(low, want, strict=True)]


# --------------------------------------------------------------------------- Markdown


def _md_escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _md_cell(text: str) -> str:
    return _md_escape(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Built, image_prefix: str = "figure") -> tuple[str, dict[str, bytes]]:
    """Markdown text and the image files it links to (name -> PNG bytes)."""
    out: list[str] = []
    images: dict[str, bytes] = {}
    for b in doc.blocks:
        if b.kind == "header":
            out.append("  \n".join(_md_escape(x) for x in b.data if x))
            out.append(f"**{_md_escape(b.text)}**")
        elif b.kind == "title":
            out.append(f"# {_md_escape(b.text)}")
        elif b.kind == "subtitle":
            out.append(f"*{_md_escape(b.text)}*")
        elif b.kind == "h1":
            out.append(f"## {_md_escape(b.text)}")
        elif b.kind in ("h2", "h3"):
            anchor = f'<a id="{b.anchor}"></a>\n' if b.anchor else ""
            level = "###" if b.kind == "h2" else "####"
            out.append(f"{anchor}{level} {_md_escape(b.text)}")
        elif b.kind == "p":
            num = f"{b.number}.\u00a0" if b.number else ""
            out.append(num + _md_escape(b.text))
        elif b.kind in ("table", "meta"):
            head = b.head or [""] * max((len(r) for r in b.rows), default=2)
            lines = ["| " + " | ".join(_md_cell(h) for h in head) + " |"]
            lines.append("|" + "---|" * len(head))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows]
            out.append("\n".join(lines))
        elif b.kind == "image":
            name = f"{image_prefix}-{len(images) + 1}.png"
            images[name] = b.data
            out.append(f"![{_md_escape(b.text)}]({name})\n\n*{_md_escape(b.text)}*")
        elif b.kind == "toc":
            out.append(f"**{_md_escape(b.text)}**")
            out.append("\n".join(f"- [{_md_escape(label)}](#{a})" for a, label in b.data))
        elif b.kind == "text":
            out.append("> " + _md_escape(b.text).replace("\n", "  \n> "))
        elif b.kind == "pagebreak":
            out.append("---")
    return "\n\n".join(out) + "\n", images


# --------------------------------------------------------------------------- HTML / PDF


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


CSS = """
body { font-size: 10.5pt; line-height: 1.45; }
.header { border-bottom: 2px solid #000; margin-bottom: 1.2em; padding-bottom: .4em; }
.header .symbol { text-align: end; font-size: 15pt; font-weight: bold; }
.header .lines { font-size: 9.5pt; text-align: end; }
.header .conf { font-weight: bold; margin-top: .6em; }
h1.title { font-size: 15pt; margin: .8em 0 .2em; }
.subtitle { font-style: italic; margin-bottom: 1em; }
h2 { font-size: 12.5pt; margin-top: 1.2em; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin-top: 1em; page-break-after: avoid; }
h4 { font-size: 10.5pt; margin-top: .8em; font-style: italic; page-break-after: avoid; }
p.num { padding-inline-start: 2.2em; text-indent: -2.2em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; table-layout: fixed; font-size: 9pt; }
th, td { border: 0.5pt solid #666; padding: 2pt 4pt; vertical-align: top; text-align: start;
  overflow-wrap: normal; word-break: normal; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { background: #e8eef5; }
table.small, table.meta { font-size: 8.5pt; }
table.themes { font-size: 9pt; }
table.meta td:first-child { font-weight: bold; }
figure { margin: 1em 0; text-align: center; }
figure img { width: 15cm; }
figcaption { font-size: 9pt; font-style: italic; }
.toc ol { list-style: none; padding: 0; }
.toc a { color: #000; text-decoration: none; }
.toc a::after { content: leader('.') target-counter(attr(href), page); }
.pb { page-break-before: always; }
.original { margin: .3em 0; white-space: pre-wrap; }
html[dir=rtl] .ltr { text-align: right; }
"""


def _cols(rows: list[list[str]], lang: str, head: bool) -> str:
    widths = column_widths(rows, 100.0, lang, head)
    return "<colgroup>" + "".join(f'<col style="width:{w:.2f}%">' for w in widths) + "</colgroup>"


def to_html(doc: Built) -> str:
    """A self-contained HTML page (images inline) for WeasyPrint or a browser."""
    lang = doc.lang
    rtl = lang in RTL

    def x(text: str) -> str:
        return _h(_directional(text, rtl))

    def ltr(text: str) -> str:
        return ' dir="ltr" class="ltr"' if rtl and left_to_right_only(text) else ""

    body: list[str] = []
    for b in doc.blocks:
        if b.kind == "header":
            symbol, *lines = b.data
            body.append(
                f'<div class="header"><div class="symbol" dir="ltr">{_h(symbol)}</div>'
                '<div class="lines">'
                + "".join(f"<div>{x(line)}</div>" for line in lines if line)
                + "</div>"
                f'<div class="conf">{x(b.text)}</div></div>'
            )
        elif b.kind == "title":
            body.append(f'<h1 class="title">{x(b.text)}</h1>')
        elif b.kind == "subtitle":
            body.append(f'<p class="subtitle">{x(b.text)}</p>')
        elif b.kind == "h1":
            body.append(f"<h2>{x(b.text)}</h2>")
        elif b.kind in ("h2", "h3"):
            anchor = f' id="{_h(b.anchor)}"' if b.anchor else ""
            tag = "h3" if b.kind == "h2" else "h4"
            body.append(f"<{tag}{anchor}>{x(b.text)}</{tag}>")
        elif b.kind == "p":
            if b.number:
                body.append(f'<p class="num">{b.number}.\u2003{x(b.text)}</p>')
            else:
                body.append(f"<p{ltr(b.text)}>{x(b.text)}</p>")
        elif b.kind in ("table", "meta"):
            cls = "meta" if b.kind == "meta" else (b.data or "")
            head = (
                "<thead><tr>"
                + "".join(f"<th{ltr(h)}>{x(h)}</th>" for h in b.head)
                + "</tr></thead>"
                if b.head
                else ""
            )
            rows = "".join(
                "<tr>" + "".join(f"<td{ltr(c)}>{x(c)}</td>" for c in row) + "</tr>"
                for row in b.rows
            )
            cols = _cols(([b.head] if b.head else []) + b.rows, lang, bool(b.head))
            body.append(f'<table class="{cls}">{cols}{head}<tbody>{rows}</tbody></table>')
        elif b.kind == "image":
            src = "data:image/png;base64," + base64.b64encode(b.data).decode("ascii")
            body.append(
                f'<figure><img src="{src}" alt="{_h(b.text)}"><figcaption>{x(b.text)}'
                "</figcaption></figure>"
            )
        elif b.kind == "toc":
            items = "".join(f'<li><a href="#{_h(a)}">{x(label)}</a></li>' for a, label in b.data)
            body.append(f'<nav class="toc"><h2>{x(b.text)}</h2><ol>{items}</ol></nav>')
        elif b.kind == "text":
            own = b.lang or lang
            direction = "rtl" if own in RTL else "ltr"
            tag = _h(LANG_TAG.get(own, own))
            body.append(
                f'<p class="original" lang="{tag}" dir="{direction}">'
                f"{_h(_directional(b.text, own in RTL))}</p>"
            )
        elif b.kind == "pagebreak":
            body.append('<div class="pb"></div>')
    font = FONT_STACK.get(lang, DEFAULT_STACK)
    html_lang = "zh-Hans" if lang == "zh" else LANG_TAG.get(lang, lang)
    direction = "rtl" if rtl else "ltr"
    corner = "@top-left" if rtl else "@top-right"
    page = (
        "@page { size: A4; margin: 2.2cm 2cm 2.2cm 2cm; "
        f"{corner} {{ content: {_css_string(_symbol(doc))}; font-size: 9pt; "
        "font-weight: bold; vertical-align: bottom; padding-bottom: 4pt; "
        "border-bottom: 0.5pt solid #000; } "
        "@bottom-center { content: counter(page); font-size: 9pt; } } "
        f"@page :first {{ {corner} {{ content: none; border: none; }} }}"
    )
    return (
        f'<!doctype html><html lang="{html_lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{_h(doc.title)}</title><style>{page}{CSS} body {{ font-family: {font}; }}</style>"
        f"</head><body>{''.join(body)}</body></html>"
    )


def to_pdf(doc: Built) -> bytes:
    """PDF bytes rendered by WeasyPrint."""
    from weasyprint import HTML

    return bytes(HTML(string=to_html(doc)).write_pdf())


# --------------------------------------------------------------------------- DOCX


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERED_ABSTRACT = 90
# Schema order of the children of w:pPr, w:rPr, w:tblPr and w:sectPr (Word refuses other orders).
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"
).split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
).split()


def _xml(fragment: str) -> Any:
    """An element from WordprocessingML text (the w: namespace declared for it)."""
    from docx.oxml import parse_xml

    return parse_xml(re.sub(r"^<([\w:]+)", rf'<\1 xmlns:w="{W_NS}"', fragment, count=1))


def _sort(el: Any, order: list[str]) -> Any:
    """Put the element's children in schema order (stable for unknown ones)."""

    def key(child: Any) -> int:
        name = child.tag.split("}")[-1]
        return order.index(name) if name in order else len(order)

    children = sorted(el, key=key)
    for child in children:
        el.remove(child)
        el.append(child)
    return el


def _latin_tag(lang: str) -> str:
    """The tag of Latin-script runs: the edition's own, except in the Chinese and Arabic editions
    whose language goes in w:eastAsia / w:bidi (as Word writes it); tagging Latin runs zh-CN
    makes word processors break English words anywhere."""
    return LANG_TAG["en"] if lang in ("zh", "ar") else LANG_TAG.get(lang, lang)


def _lang_el(lang: str) -> str:
    return (
        f'<w:lang w:val="{_latin_tag(lang)}" w:eastAsia="{LANG_TAG["zh"]}" '
        f'w:bidi="{LANG_TAG["ar"]}"/>'
    )


@dataclass
class _Edition:
    lang: str
    rtl: bool
    tag: str
    latin: str


def _style(document: Any, name: str, kind: str = "paragraph") -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return document.styles[name]
    except KeyError:
        style_type = WD_STYLE_TYPE.TABLE if kind == "table" else WD_STYLE_TYPE.PARAGRAPH
        style = document.styles.add_style(name, style_type)
        if kind == "paragraph":
            style.base_style = document.styles["Normal"]
        return style


def _restyle(style: Any, ppr: str, rpr: str, extra: str = "") -> None:
    """Replace a style's properties with ours (and drop its link to a character style)."""
    from docx.oxml.ns import qn

    el = style.element
    for tag in ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr", "w:link"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    el.append(_sort(_xml(f"<w:pPr>{ppr}</w:pPr>"), PPR_ORDER))
    el.append(_sort(_xml(f"<w:rPr>{rpr}</w:rPr>"), RPR_ORDER))
    for part in filter(None, extra.split("\n")):
        el.append(_xml(part))


def _prepare_styles(document: Any, ed: _Edition) -> None:
    """Rewrite the template's defaults and styles for the edition: explicit fonts (no theme
    fonts), the edition's language tags, Title, Heading 1-3, numbered paragraphs (a list in
    numbering.xml), the table style, masthead, header and footer styles."""
    _doc_defaults(document, ed)
    _text_styles(document, ed)
    _numbering(document, ed)
    _table_style(document, ed)
    _theme_languages(document, ed)


_SIZE = '<w:sz w:val="{0}"/><w:szCs w:val="{0}"/>'


def _doc_defaults(document: Any, ed: _Edition) -> None:
    """Explicit fonts (no theme fonts), size, the edition's language tags and spacing."""
    from docx.oxml.ns import qn

    root = document.styles.element
    for old in root.findall(qn("w:docDefaults")):
        root.remove(old)
    root.insert(
        0,
        _xml(
            "<w:docDefaults><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{ed.latin}" w:hAnsi="{ed.latin}" w:eastAsia="{EAST_ASIAN_FONT}"'
            f' w:cs="{COMPLEX_FONT}"/><w:sz w:val="21"/><w:szCs w:val="21"/>{_lang_el(ed.lang)}'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )


def _text_styles(document: Any, ed: _Edition) -> None:
    """Title, headings, caption, quote, masthead, table text, numbered paragraphs (right to
    left in Arabic), and header, footer and symbol styles (left to right even in Arabic)."""
    from docx.oxml.ns import qn

    bidi = "<w:bidi/>" if ed.rtl else ""
    rtl = "<w:rtl/>" if ed.rtl else ""
    side = "right" if ed.rtl else "left"  # the start side of numbered paragraphs
    end = "right"  # in a bidi paragraph Word and LibreOffice read left/right as start/end
    size = _SIZE
    bold = "<w:b/><w:bCs/>"
    italic = "<w:i/><w:iCs/>"
    text_styles = {
        "Normal": ("", ""),
        "Title": ('<w:keepNext/><w:spacing w:before="240" w:after="60"/>', bold + size.format(30)),
        "Subtitle": ('<w:spacing w:after="240"/>', italic),
        "Heading 1": ('<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>'
                      '<w:outlineLvl w:val="0"/>', bold + size.format(25)),
        "Heading 2": ('<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="120"/>'
                      '<w:outlineLvl w:val="1"/>', bold + size.format(23)),
        "Heading 3": ('<w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="80"/>'
                      '<w:outlineLvl w:val="2"/>', bold + italic + size.format(21)),
        "Caption": ('<w:jc w:val="center"/><w:spacing w:after="240"/>', italic + size.format(18)),
        "Masthead Line": (f'<w:jc w:val="{end}"/><w:spacing w:after="0"/>', size.format(19)),
        "Masthead Conference": (
            '<w:pBdr><w:top w:val="single" w:sz="12" w:space="4" w:color="000000"/></w:pBdr>'
            '<w:spacing w:before="120" w:after="240"/>', bold),
        "Quote": ('<w:ind w:left="567" w:right="567"/>', ""),
        "Table Text": ('<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', size.format(18)),
        "Numbered Paragraph": (
            f'<w:numPr><w:numId w:val="{NUMBERED_ABSTRACT}"/></w:numPr>'
            f'<w:ind w:{side}="624" w:hanging="624"/>', ""),
    }  # fmt: skip
    for name, (ppr, rpr) in text_styles.items():
        _restyle(_style(document, name), ppr + bidi, rpr + rtl)
    # Styles whose text is a symbol or a number: left to right even in Arabic.
    ltr_styles = {
        "Masthead Symbol": (f'<w:jc w:val="{end}"/><w:spacing w:after="0"/>', bold + size.format(30)),
        "Header": (f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="2" w:color="000000"/>'
                   f'</w:pBdr><w:jc w:val="{end}"/>', bold + size.format(18)),
        "Footer": ('<w:jc w:val="center"/>', size.format(18)),
    }  # fmt: skip
    for name, (ppr, rpr) in ltr_styles.items():
        _restyle(_style(document, name), ppr + bidi, rpr)
    _style(document, "Numbered Paragraph").element.set(qn("w:styleId"), "NumberedParagraph")


def _numbering(document: Any, ed: _Edition) -> None:
    """The list behind numbered paragraphs (numbering.xml)."""
    side = "right" if ed.rtl else "left"
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        _xml(
            f'<w:abstractNum w:abstractNumId="{NUMBERED_ABSTRACT}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:pStyle w:val="NumberedParagraph"/><w:lvlText w:val="%1."/>'
            '<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="624"/></w:tabs>'
            f'<w:ind w:{side}="624" w:hanging="624"/></w:pPr>{"<w:rPr><w:rtl/></w:rPr>" if ed.rtl else ""}'
            "</w:lvl></w:abstractNum>"
        ),
    )
    numbering.append(
        _xml(
            f'<w:num w:numId="{NUMBERED_ABSTRACT}">'
            f'<w:abstractNumId w:val="{NUMBERED_ABSTRACT}"/></w:num>'
        )
    )


def _table_style(document: Any, ed: _Edition) -> None:
    """The table style: a grid, the header row bold and shaded."""
    from docx.oxml.ns import qn

    bidi = "<w:bidi/>" if ed.rtl else ""
    rtl = "<w:rtl/>" if ed.rtl else ""
    table = _style(document, "COP Table", "table")
    table.element.set(qn("w:styleId"), "COPTable")
    line = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="666666"/>'
    borders = "".join(
        line.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    _restyle(
        table,
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>' + bidi,
        _SIZE.format(18) + rtl,
        f"<w:tblPr>{'<w:bidiVisual/>' if ed.rtl else ''}<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>\n"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E8EEF5"/></w:tcPr></w:tblStylePr>',
    )


def _theme_languages(document: Any, ed: _Edition) -> None:
    """The theme's language for East Asian and complex scripts (the template says ja-JP).
    Set in place: w:settings children have a fixed order (themeFontLang before
    clrSchemeMapping, decimalSymbol, listSeparator), and the template has the element."""
    from docx.oxml.ns import qn

    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        theme = _xml("<w:themeFontLang/>")
        anchor = settings.find(qn("w:clrSchemeMapping"))
        if anchor is not None:
            anchor.addprevious(theme)
        else:
            settings.append(theme)
    theme.set(qn("w:val"), _latin_tag(ed.lang))
    theme.set(qn("w:eastAsia"), LANG_TAG["zh"])
    theme.set(qn("w:bidi"), LANG_TAG["ar"])


def _styled(paragraph: Any, style_id: str) -> Any:
    """Give a paragraph a style by its id (python-docx's `style =` scans every style each time:
    most of the time of a table-heavy document went there)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, _xml(f'<w:pStyle w:val="{style_id}"/>'))
    return paragraph


def _field(paragraph: Any, instr: str) -> None:
    """A field (PAGE) as begin / instruction / separate / result / end runs."""
    for part in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>1</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(_xml(part))


def _header_footer(document: Any, symbol: str) -> None:
    """The symbol in a running header (from page 2: page 1 carries it in the masthead) and the
    page number in the footer of every page."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    header.add_run(symbol)
    section.first_page_header.paragraphs[0].style = document.styles["Header"]
    section.first_page_header.paragraphs[0]._p.get_or_add_pPr().append(
        _xml('<w:pBdr><w:bottom w:val="nil"/></w:pBdr>')
    )
    for footer in (section.footer, section.first_page_footer):
        p = footer.paragraphs[0]
        p.style = document.styles["Footer"]
        _field(p, "PAGE")


def _add_text(paragraph: Any, text: str, ed: _Edition, lang: str = "", bold: bool = False) -> None:
    """The text as runs. In a right-to-left paragraph each Latin/number run is its own
    left-to-right run, wrapped in isolates; a run in a language other than the edition's
    carries its own w:lang."""
    own = lang or ed.lang
    rtl_text = own in RTL
    pieces = (
        [(f"{LRI}{p}{PDI}" if ltr else p, not ltr) for p, ltr in split_directions(text)]
        if rtl_text
        else [(text, False)]
    )
    for piece, is_rtl in pieces:
        if not piece:
            continue
        r = _xml("<w:r><w:rPr/></w:r>")
        rpr = r[0]
        if bold:
            rpr.append(_xml("<w:b/>"))
            rpr.append(_xml("<w:bCs/>"))
        if is_rtl:
            rpr.append(_xml("<w:rtl/>"))
        elif ed.rtl or rtl_text:
            rpr.append(_xml('<w:rtl w:val="0"/>'))
        if own != ed.lang:
            rpr.append(_xml(f'<w:lang w:val="{LANG_TAG.get(own, own)}" '
                            f'w:eastAsia="{LANG_TAG["zh"]}" w:bidi="{LANG_TAG["ar"]}"/>'))  # fmt: skip
        if not len(rpr):
            r.remove(rpr)
        t = _xml('<w:t xml:space="preserve"/>')
        t.text = piece
        r.append(t)
        paragraph._p.append(r)


def _direction(paragraph: Any, rtl: bool, align: str = "") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(_xml("<w:bidi/>" if rtl else '<w:bidi w:val="0"/>'))
    if align:
        ppr.append(_xml(f'<w:jc w:val="{align}"/>'))
    _sort(ppr, PPR_ORDER)


def _table(document: Any, b: Block, ed: _Edition) -> None:
    from docx.oxml.ns import qn

    rows = ([b.head] if b.head else []) + b.rows
    cols = max((len(r) for r in rows), default=1)
    rows = [r + [""] * (cols - len(r)) for r in rows]
    table = document.add_table(rows=0, cols=cols)
    table.style = document.styles["COP Table"]
    twips = [int(w) for w in column_widths(rows, CONTENT_CM * 567, ed.lang, bool(b.head))]
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblLook", "w:tblLayout"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    tbl_pr.append(_xml(f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/>'))
    tbl_pr.append(_xml('<w:tblLayout w:type="fixed"/>'))
    if ed.rtl:
        tbl_pr.append(_xml("<w:bidiVisual/>"))
    tbl_pr.append(
        _xml(f'<w:tblLook w:val="{"0420" if b.head else "0400"}" w:firstRow="{int(bool(b.head))}" '
             'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    )  # fmt: skip
    _sort(tbl_pr, TBLPR_ORDER)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), str(width))
    text_style = document.styles["Table Text"].style_id
    for i, row in enumerate(rows):
        tr = table.add_row()
        if i == 0 and b.head:
            tr._tr.get_or_add_trPr().append(_xml("<w:tblHeader/>"))
        for j, (cell, value) in enumerate(zip(tr.cells, row, strict=True)):
            tc_pr = cell._tc.get_or_add_tcPr()
            for old in tc_pr.findall(qn("w:tcW")):
                tc_pr.remove(old)
            tc_pr.insert(0, _xml(f'<w:tcW w:w="{twips[j]}" w:type="dxa"/>'))
            p = cell.paragraphs[0]
            _styled(p, text_style)
            _add_text(p, value, ed, bold=bool((b.head and i == 0) or (b.kind == "meta" and j == 0)))
            if ed.rtl and left_to_right_only(value):
                _direction(p, False, align="right")


def _core_properties(document: Any, doc: Built, ed: _Edition, symbol: str) -> None:
    """True document properties (the template's say python-docx, 2013)."""
    from django.conf import settings

    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    author = getattr(settings, "DOCUMENT_AUTHOR", "") or DEFAULT_AUTHOR
    props = document.core_properties
    props.title = doc.title
    props.subject = symbol
    props.author = author
    props.last_modified_by = author
    props.language = ed.tag
    props.created = now
    props.modified = now
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.category = doc.kind
    package = document.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
                '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                f"<Application>Minamata KB</Application><Company>{html.escape(author)}</Company>"
                "</Properties>"
            ).encode()
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)


def _bookmark(paragraph: Any, name: str, ident: int) -> None:
    paragraph._p.insert(1, _xml(f'<w:bookmarkStart w:id="{ident}" w:name="{html.escape(name)}"/>'))
    paragraph._p.append(_xml(f'<w:bookmarkEnd w:id="{ident}"/>'))


def _internal_link(paragraph: Any, text: str, anchor: str, ed: _Edition) -> None:
    link = _xml(f'<w:hyperlink w:anchor="{html.escape(anchor)}"/>')
    _add_text(paragraph, text, ed)
    for r in paragraph._p.findall(f"{{{W_NS}}}r"):
        paragraph._p.remove(r)
        link.append(r)
    paragraph._p.append(link)


def _restart_numbering(document: Any, start: int) -> int:
    """A new instance of the numbered-paragraph list starting at `start`."""
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    new = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    numbering.append(
        _xml(
            f'<w:num w:numId="{new}"><w:abstractNumId w:val="{NUMBERED_ABSTRACT}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            "</w:num>"
        )
    )
    return new


def to_docx(doc: Built) -> bytes:
    """DOCX bytes: styled, headed, numbered, tagged with the edition's language."""
    import docx
    from docx.shared import Cm

    ed = _Edition(doc.lang, doc.lang in RTL, LANG_TAG.get(doc.lang, doc.lang),
                  LATIN_FONT.get(doc.lang, "DejaVu Serif"))  # fmt: skip
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}p"):
            body.remove(child)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.1)
    _prepare_styles(document, ed)
    symbol = _symbol(doc)
    _header_footer(document, symbol)
    if ed.rtl:
        section._sectPr.append(_xml("<w:bidi/>"))
    _sort(section._sectPr, SECTPR_ORDER)
    _core_properties(document, doc, ed, symbol)
    styles = document.styles
    ids = {
        name: styles[name].style_id
        for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
                     "Caption", "Quote", "Table Text", "Numbered Paragraph", "Masthead Symbol",
                     "Masthead Line", "Masthead Conference")
    }  # fmt: skip
    marks = 0
    expected = 1

    def para(text: str, style: str, lang: str = "") -> Any:
        p = _styled(document.add_paragraph(), ids[style])
        if text:
            _add_text(p, text, ed, lang)
        return p

    for b in doc.blocks:
        if b.kind == "header":
            head_symbol, *lines = b.data
            p = _styled(document.add_paragraph(), ids["Masthead Symbol"])
            p.add_run(head_symbol)
            for line in lines:
                if line:
                    para(line, "Masthead Line")
            para(b.text, "Masthead Conference")
        elif b.kind == "title":
            para(b.text, "Title")
        elif b.kind == "subtitle":
            para(b.text, "Subtitle")
        elif b.kind == "h1":
            para(b.text, "Heading 1")
        elif b.kind in ("h2", "h3"):
            p = para(b.text, "Heading 2" if b.kind == "h2" else "Heading 3")
            if b.anchor:
                marks += 1
                _bookmark(p, b.anchor.replace("-", "_"), marks)
        elif b.kind == "p" and b.number:
            p = para(b.text, "Numbered Paragraph")
            if b.number != expected:  # numbering that does not follow on: a restarted list
                num = _restart_numbering(document, b.number)
                ppr = p._p.get_or_add_pPr()
                ppr.append(_xml(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'))
                _sort(ppr, PPR_ORDER)
            expected = b.number + 1
        elif b.kind == "p":
            p = para(b.text, "Normal")
            if ed.rtl and left_to_right_only(b.text):
                _direction(p, False, align="right")
        elif b.kind in ("table", "meta"):
            _table(document, b, ed)
            para("", "Table Text")
        elif b.kind == "image":
            p = _styled(document.add_paragraph(), ids["Caption"])
            p.add_run().add_picture(io.BytesIO(b.data), width=Cm(15))
            para(b.text, "Caption")
        elif b.kind == "toc":
            para(b.text, "Heading 1")
            for anchor, label in b.data:
                _internal_link(para("", "Normal"), label, anchor.replace("-", "_"), ed)
        elif b.kind == "text":
            own = b.lang or doc.lang
            p = para(b.text, "Quote", lang=own)
            if (own in RTL) != ed.rtl:
                _direction(p, own in RTL)
        elif b.kind == "pagebreak":
            document.add_page_break()
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def render(doc: Built, fmt: str) -> tuple[bytes, dict[str, bytes]]:
    """The document in `fmt` (docx, pdf, md, html) and, for Markdown, its image files."""
    if fmt == "docx":
        return to_docx(doc), {}
    if fmt == "pdf":
        return to_pdf(doc), {}
    if fmt == "html":
        return to_html(doc).encode("utf-8"), {}
    if fmt == "md":
        text, images = to_markdown(doc)
        return text.encode("utf-8"), images
    raise ValueError(f"unknown format {fmt!r}")


def write_edition(target: Path, data: bytes, images: dict[str, bytes]) -> None:
    """Write an edition to `target`; a Markdown edition's images go beside it, named after it
    (`note-figure-1.png`), and its links are rewritten to those names."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if images:
        text = data.decode("utf-8")
        for name, png in images.items():
            new = f"{target.stem}-{name}"
            (target.parent / new).write_bytes(png)
            text = text.replace(f"]({name})", f"]({new})")
        data = text.encode("utf-8")
    target.write_bytes(data)
