"""The DOCX edition's styles, rewritten per edition on python-docx's template: document
defaults with the edition's fonts and language tags, Title and Heading 1-3, the numbered
paragraphs' list style (numbering.xml), the table style, the theme's languages; and the small
XML helpers the DOCX writer shares (a WordprocessingML fragment, children in schema order)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from minamata_kb.publishing.typefaces import (
    COMPLEX_FONT,
    EAST_ASIAN_FONT,
    LANG_TAG,
)

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


def xml(fragment: str) -> Any:
    """An element from WordprocessingML text (the w: namespace declared for it)."""
    from docx.oxml import parse_xml

    return parse_xml(re.sub(r"^<([\w:]+)", rf'<\1 xmlns:w="{W_NS}"', fragment, count=1))


def in_order(el: Any, order: list[str]) -> Any:
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
class Edition:
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
    el.append(in_order(xml(f"<w:pPr>{ppr}</w:pPr>"), PPR_ORDER))
    el.append(in_order(xml(f"<w:rPr>{rpr}</w:rPr>"), RPR_ORDER))
    for part in filter(None, extra.split("\n")):
        el.append(xml(part))


def prepare_styles(document: Any, ed: Edition) -> None:
    """Rewrite the template's defaults and styles for the edition: explicit fonts (no theme
    fonts), the edition's language tags, Title, Heading 1-3, numbered paragraphs (a list in
    numbering.xml), the table style, masthead, header and footer styles."""
    _doc_defaults(document, ed)
    _text_styles(document, ed)
    _numbering(document, ed)
    _table_style(document, ed)
    _theme_languages(document, ed)


_SIZE = '<w:sz w:val="{0}"/><w:szCs w:val="{0}"/>'


def _doc_defaults(document: Any, ed: Edition) -> None:
    """Explicit fonts (no theme fonts), size, the edition's language tags and spacing."""
    from docx.oxml.ns import qn

    root = document.styles.element
    for old in root.findall(qn("w:docDefaults")):
        root.remove(old)
    root.insert(
        0,
        xml(
            "<w:docDefaults><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{ed.latin}" w:hAnsi="{ed.latin}" w:eastAsia="{EAST_ASIAN_FONT}"'
            f' w:cs="{COMPLEX_FONT}"/><w:sz w:val="21"/><w:szCs w:val="21"/>{_lang_el(ed.lang)}'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )


def _text_styles(document: Any, ed: Edition) -> None:
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


def _numbering(document: Any, ed: Edition) -> None:
    """The list behind numbered paragraphs (numbering.xml)."""
    side = "right" if ed.rtl else "left"
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        xml(
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
        xml(
            f'<w:num w:numId="{NUMBERED_ABSTRACT}">'
            f'<w:abstractNumId w:val="{NUMBERED_ABSTRACT}"/></w:num>'
        )
    )


def _table_style(document: Any, ed: Edition) -> None:
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


def _theme_languages(document: Any, ed: Edition) -> None:
    """The theme's language for East Asian and complex scripts (the template says ja-JP).
    Set in place: w:settings children have a fixed order (themeFontLang before
    clrSchemeMapping, decimalSymbol, listSeparator), and the template has the element."""
    from docx.oxml.ns import qn

    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        theme = xml("<w:themeFontLang/>")
        anchor = settings.find(qn("w:clrSchemeMapping"))
        if anchor is not None:
            anchor.addprevious(theme)
        else:
            settings.append(theme)
    theme.set(qn("w:val"), _latin_tag(ed.lang))
    theme.set(qn("w:eastAsia"), LANG_TAG["zh"])
    theme.set(qn("w:bidi"), LANG_TAG["ar"])
