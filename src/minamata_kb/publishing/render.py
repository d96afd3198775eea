"""Draw built documents as Markdown, DOCX or PDF (WeasyPrint from HTML).

Every COP document of the system (the note on submissions and its annex, the analysis of
national reports, the Article 14(4) technology review) is a list of ``Block``s drawn here, so
the three formats and the three kinds of document share one set of styles, fonts, headers,
language tags and right-to-left handling: the DOCX edition is in ``word.py`` (its styles in
``word_styles.py``), the faces and language tags of every edition in ``typefaces.py``, the
left-to-right runs of Arabic lines in ``directions.py``, table column widths in ``widths.py``.
The PDF draws what the DOCX does from HTML: the symbol in the @page header, page numbers, lang
and dir attributes.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from minamata_kb.publishing.blocks import Built
from minamata_kb.publishing.directions import (
    RTL,
    directional,
    left_to_right_only,
)
from minamata_kb.publishing.typefaces import DEFAULT_STACK, FONT_STACK, LANG_TAG, symbol_of
from minamata_kb.publishing.widths import column_widths
from minamata_kb.publishing.word import to_docx

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
        return _h(directional(text, rtl))

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
                f"{_h(directional(b.text, own in RTL))}</p>"
            )
        elif b.kind == "pagebreak":
            body.append('<div class="pb"></div>')
    font = FONT_STACK.get(lang, DEFAULT_STACK)
    html_lang = "zh-Hans" if lang == "zh" else LANG_TAG.get(lang, lang)
    direction = "rtl" if rtl else "ltr"
    corner = "@top-left" if rtl else "@top-right"
    page = (
        "@page { size: A4; margin: 2.2cm 2cm 2.2cm 2cm; "
        f"{corner} {{ content: {_css_string(symbol_of(doc))}; font-size: 9pt; "
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
