"""The DOCX edition (python-docx): python-docx's template with its styles rewritten per edition
(Title, Heading 1-3, a numbered-paragraph list style in numbering.xml, a table style), the
document symbol in a running header, a PAGE field in the footer, the edition's language tags
(w:lang val/eastAsia/bidi) in the document defaults and on runs whose language differs, a
right-to-left section for Arabic (left-to-right runs in their own runs), column widths from the
cells' content, and true core properties."""

from __future__ import annotations

import datetime as dt
import html
import io
from typing import Any

from minamata_kb.publishing.blocks import Block, Built
from minamata_kb.publishing.directions import (
    LRI,
    PDI,
    RTL,
    left_to_right_only,
    split_directions,
)
from minamata_kb.publishing.typefaces import (
    DEFAULT_AUTHOR,
    LANG_TAG,
    LATIN_FONT,
    symbol_of,
)
from minamata_kb.publishing.widths import CONTENT_CM, column_widths
from minamata_kb.publishing.word_styles import (
    NUMBERED_ABSTRACT,
    PPR_ORDER,
    SECTPR_ORDER,
    TBLPR_ORDER,
    W_NS,
    Edition,
    in_order,
    prepare_styles,
    xml,
)


def _styled(paragraph: Any, style_id: str) -> Any:
    """Give a paragraph a style by its id (python-docx's `style =` scans every style each time:
    most of the time of a table-heavy document went there)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, xml(f'<w:pStyle w:val="{style_id}"/>'))
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
        paragraph._p.append(xml(part))


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
        xml('<w:pBdr><w:bottom w:val="nil"/></w:pBdr>')
    )
    for footer in (section.footer, section.first_page_footer):
        p = footer.paragraphs[0]
        p.style = document.styles["Footer"]
        _field(p, "PAGE")


def _add_text(paragraph: Any, text: str, ed: Edition, lang: str = "", bold: bool = False) -> None:
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
        r = xml("<w:r><w:rPr/></w:r>")
        rpr = r[0]
        if bold:
            rpr.append(xml("<w:b/>"))
            rpr.append(xml("<w:bCs/>"))
        if is_rtl:
            rpr.append(xml("<w:rtl/>"))
        elif ed.rtl or rtl_text:
            rpr.append(xml('<w:rtl w:val="0"/>'))
        if own != ed.lang:
            rpr.append(xml(f'<w:lang w:val="{LANG_TAG.get(own, own)}" '
                            f'w:eastAsia="{LANG_TAG["zh"]}" w:bidi="{LANG_TAG["ar"]}"/>'))  # fmt: skip
        if not len(rpr):
            r.remove(rpr)
        t = xml('<w:t xml:space="preserve"/>')
        t.text = piece
        r.append(t)
        paragraph._p.append(r)


def _direction(paragraph: Any, rtl: bool, align: str = "") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(xml("<w:bidi/>" if rtl else '<w:bidi w:val="0"/>'))
    if align:
        ppr.append(xml(f'<w:jc w:val="{align}"/>'))
    in_order(ppr, PPR_ORDER)


def _table(document: Any, b: Block, ed: Edition) -> None:
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
    tbl_pr.append(xml(f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/>'))
    tbl_pr.append(xml('<w:tblLayout w:type="fixed"/>'))
    if ed.rtl:
        tbl_pr.append(xml("<w:bidiVisual/>"))
    tbl_pr.append(
        xml(f'<w:tblLook w:val="{"0420" if b.head else "0400"}" w:firstRow="{int(bool(b.head))}" '
             'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    )  # fmt: skip
    in_order(tbl_pr, TBLPR_ORDER)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), str(width))
    text_style = document.styles["Table Text"].style_id
    for i, row in enumerate(rows):
        tr = table.add_row()
        if i == 0 and b.head:
            tr._tr.get_or_add_trPr().append(xml("<w:tblHeader/>"))
        for j, (cell, value) in enumerate(zip(tr.cells, row, strict=True)):
            tc_pr = cell._tc.get_or_add_tcPr()
            for old in tc_pr.findall(qn("w:tcW")):
                tc_pr.remove(old)
            tc_pr.insert(0, xml(f'<w:tcW w:w="{twips[j]}" w:type="dxa"/>'))
            p = cell.paragraphs[0]
            _styled(p, text_style)
            _add_text(p, value, ed, bold=bool((b.head and i == 0) or (b.kind == "meta" and j == 0)))
            if ed.rtl and left_to_right_only(value):
                _direction(p, False, align="right")


def _core_properties(document: Any, doc: Built, ed: Edition, symbol: str) -> None:
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
    paragraph._p.insert(1, xml(f'<w:bookmarkStart w:id="{ident}" w:name="{html.escape(name)}"/>'))
    paragraph._p.append(xml(f'<w:bookmarkEnd w:id="{ident}"/>'))


def _internal_link(paragraph: Any, text: str, anchor: str, ed: Edition) -> None:
    link = xml(f'<w:hyperlink w:anchor="{html.escape(anchor)}"/>')
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
        xml(
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

    ed = Edition(doc.lang, doc.lang in RTL, LANG_TAG.get(doc.lang, doc.lang),
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
    prepare_styles(document, ed)
    symbol = symbol_of(doc)
    _header_footer(document, symbol)
    if ed.rtl:
        section._sectPr.append(xml("<w:bidi/>"))
    in_order(section._sectPr, SECTPR_ORDER)
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
                ppr.append(xml(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'))
                in_order(ppr, PPR_ORDER)
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
