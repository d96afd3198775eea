"""Draw built documents as Markdown, DOCX (python-docx) or PDF (WeasyPrint from HTML)."""

from __future__ import annotations

import base64
import html
import io
from typing import Any

from minamata_kb.documents.builders import Built

RTL = {"ar"}
FONT_STACK = {
    "zh": '"Noto Serif CJK SC", "DejaVu Serif", "Amiri", serif',
    "ar": '"Amiri", "DejaVu Serif", "Noto Serif CJK SC", serif',
}
DEFAULT_STACK = '"DejaVu Serif", "Noto Serif CJK SC", "Amiri", serif'
DOCX_FONT = {"zh": "Noto Serif CJK SC", "ar": "Amiri"}


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
        elif b.kind == "h2":
            anchor = f'<a id="{b.anchor}"></a>\n' if b.anchor else ""
            out.append(f"{anchor}### {_md_escape(b.text)}")
        elif b.kind == "p":
            num = f"{b.number}.\u00a0" if b.number else ""
            out.append(num + _md_escape(b.text))
        elif b.kind in ("table", "meta"):
            head = b.head or ["", ""]
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


CSS = """
@page { size: A4; margin: 2cm 2cm 2.2cm 2cm;
  @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-size: 10.5pt; line-height: 1.45; }
.header { border-bottom: 2px solid #000; margin-bottom: 1.2em; padding-bottom: .4em; }
.header .symbol { text-align: end; font-size: 15pt; font-weight: bold; }
.header .lines { font-size: 9.5pt; }
.header .hl { text-align: right; }
html[dir=rtl] .header .hl { text-align: left; }
.header .conf { font-weight: bold; margin-top: .6em; }
h1.title { font-size: 15pt; margin: .8em 0 .2em; }
.subtitle { font-style: italic; margin-bottom: 1em; }
h2 { font-size: 12.5pt; margin-top: 1.2em; }
h3 { font-size: 11.5pt; margin-top: 1em; }
p.num { padding-inline-start: 2.2em; text-indent: -2.2em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; }
th, td { border: 0.5pt solid #666; padding: 2pt 4pt; vertical-align: top; text-align: start; }
th { background: #e8eef5; }
table.small, table.meta { font-size: 8.5pt; }
table.themes { font-size: 9pt; }
table.themes td:nth-child(n+3), table.themes th:nth-child(n+3) { width: 10%; text-align: center; }
table.themes td:first-child { width: 4%; }
table.meta td:first-child { width: 28%; font-weight: bold; }
table.meta td { word-break: break-all; }
figure { margin: 1em 0; text-align: center; }
figure img { width: 15cm; }
figcaption { font-size: 9pt; font-style: italic; }
.toc ol { list-style: none; padding: 0; }
.toc a { color: #000; text-decoration: none; }
.toc a::after { content: leader('.') target-counter(attr(href), page); }
.pb { page-break-before: always; }
.original { margin: .3em 0; white-space: pre-wrap; }
"""


def to_html(doc: Built) -> str:
    """A self-contained HTML page (images inline) for WeasyPrint or a browser."""
    lang = doc.lang
    body: list[str] = []
    for b in doc.blocks:
        if b.kind == "header":
            symbol, *lines = b.data
            body.append(
                f'<div class="header"><div class="symbol">{_h(symbol)}</div>'
                '<div class="lines">'
                + "".join(f'<div dir="ltr" class="hl">{_h(x)}</div>' for x in lines if x)
                + "</div>"
                f'<div class="conf">{_h(b.text)}</div></div>'
            )
        elif b.kind == "title":
            body.append(f'<h1 class="title">{_h(b.text)}</h1>')
        elif b.kind == "subtitle":
            body.append(f'<p class="subtitle">{_h(b.text)}</p>')
        elif b.kind == "h1":
            body.append(f"<h2>{_h(b.text)}</h2>")
        elif b.kind == "h2":
            anchor = f' id="{_h(b.anchor)}"' if b.anchor else ""
            body.append(f"<h3{anchor}>{_h(b.text)}</h3>")
        elif b.kind == "p":
            if b.number:
                body.append(f'<p class="num">{b.number}.\u2003{_h(b.text)}</p>')
            else:
                body.append(f"<p>{_h(b.text)}</p>")
        elif b.kind in ("table", "meta"):
            cls = "meta" if b.kind == "meta" else (b.data or "")
            head = (
                "<thead><tr>" + "".join(f"<th>{_h(x)}</th>" for x in b.head) + "</tr></thead>"
                if b.head
                else ""
            )
            rows = "".join(
                "<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in b.rows
            )
            body.append(f'<table class="{cls}">{head}<tbody>{rows}</tbody></table>')
        elif b.kind == "image":
            src = "data:image/png;base64," + base64.b64encode(b.data).decode("ascii")
            body.append(
                f'<figure><img src="{src}" alt="{_h(b.text)}"><figcaption>{_h(b.text)}'
                "</figcaption></figure>"
            )
        elif b.kind == "toc":
            items = "".join(f'<li><a href="#{_h(a)}">{_h(label)}</a></li>' for a, label in b.data)
            body.append(f'<nav class="toc"><h2>{_h(b.text)}</h2><ol>{items}</ol></nav>')
        elif b.kind == "text":
            direction = "rtl" if b.lang in RTL else "ltr"
            body.append(
                f'<p class="original" lang="{_h(b.lang)}" dir="{direction}">{_h(b.text)}</p>'
            )
        elif b.kind == "pagebreak":
            body.append('<div class="pb"></div>')
    font = FONT_STACK.get(lang, DEFAULT_STACK)
    html_lang = "zh-Hans" if lang == "zh" else lang
    direction = "rtl" if lang in RTL else "ltr"
    return (
        f'<!doctype html><html lang="{html_lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{_h(doc.title)}</title><style>{CSS} body {{ font-family: {font}; }}</style>"
        f"</head><body>{''.join(body)}</body></html>"
    )


def to_pdf(doc: Built) -> bytes:
    """PDF bytes rendered by WeasyPrint."""
    from weasyprint import HTML

    return bytes(HTML(string=to_html(doc)).write_pdf())


# --------------------------------------------------------------------------- DOCX


def _rtl_paragraph(p: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = p._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    ppr.insert(0, bidi)
    for run in p.runs:
        rpr = run._r.get_or_add_rPr()
        rtl = OxmlElement("w:rtl")
        rpr.append(rtl)
        rpr.get_or_add_rFonts().set(qn("w:cs"), "Amiri")


def _set_fonts(document: Any, lang: str) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = "DejaVu Serif" if lang not in DOCX_FONT else DOCX_FONT[lang]
    style.font.size = Pt(10.5)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    fonts.set(qn("w:cs"), "Amiri")


def _bookmark(paragraph: Any, name: str, ident: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _internal_link(paragraph: Any, text: str, anchor: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def to_docx(doc: Built) -> bytes:
    """DOCX bytes (python-docx): UN header, numbered paragraphs, tables, chart, bookmarks."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    _set_fonts(document, doc.lang)
    rtl = doc.lang in RTL
    end = WD_ALIGN_PARAGRAPH.LEFT if rtl else WD_ALIGN_PARAGRAPH.RIGHT
    document.core_properties.title = doc.title
    document.core_properties.language = doc.lang
    marks = 0
    paragraphs: list[Any] = []

    def para(text: str = "", bold: bool = False, size: float | None = None,
             italic: bool = False, align: Any = None) -> Any:  # fmt: skip
        p = document.add_paragraph()
        if text:
            run = p.add_run(text)
            run.bold = bold
            run.italic = italic
            if size:
                run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        paragraphs.append(p)
        return p

    for b in doc.blocks:
        if b.kind == "header":
            symbol, *lines = b.data
            para(symbol, bold=True, size=15, align=end)
            for line in lines:
                if line:
                    para(line, size=9.5, align=end)
            para(b.text, bold=True)
        elif b.kind == "title":
            para(b.text, bold=True, size=15)
        elif b.kind == "subtitle":
            para(b.text, italic=True)
        elif b.kind == "h1":
            para(b.text, bold=True, size=12.5)
        elif b.kind == "h2":
            p = para(b.text, bold=True, size=11.5)
            if b.anchor:
                marks += 1
                _bookmark(p, b.anchor.replace("-", "_"), marks)
        elif b.kind == "p":
            para(f"{b.number}.\t{b.text}" if b.number else b.text)
        elif b.kind in ("table", "meta"):
            cols = len(b.head or b.rows[0]) if (b.head or b.rows) else 1
            table = document.add_table(rows=0, cols=cols)
            table.style = "Table Grid"
            if rtl:
                from docx.oxml import OxmlElement

                table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
            for i, row in enumerate(([b.head] if b.head else []) + b.rows):
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = value
                    for p in cell.paragraphs:
                        for run in p.runs:
                            run.font.size = Pt(8.5 if b.data == "small" or b.kind == "meta" else 10)
                            run.bold = bool(b.head) and i == 0
                        paragraphs.append(p)
        elif b.kind == "image":
            document.add_picture(io.BytesIO(b.data), width=Cm(15))
            para(b.text, italic=True, size=9)
        elif b.kind == "toc":
            para(b.text, bold=True, size=12.5)
            for anchor, label in b.data:
                p = para()
                _internal_link(p, label, anchor.replace("-", "_"))
        elif b.kind == "text":
            p = para(b.text)
            if b.lang in RTL and not rtl:
                _rtl_paragraph(p)
        elif b.kind == "pagebreak":
            document.add_page_break()
    if rtl:
        for p in paragraphs:
            _rtl_paragraph(p)
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
