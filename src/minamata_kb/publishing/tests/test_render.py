"""Conference-ready files: styles, running header, page numbers, language tags, right-to-left
sections, column widths, core properties (DOCX); symbol and page number on every page (PDF);
Latin runs isolated in Arabic lines."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

from minamata_kb.publishing import directions, render, widths, word, word_styles
from minamata_kb.publishing.blocks import Block, Built

SYMBOL = "UNEP/MC/COP.4/14"
ARG = "BCRC-Argentina (South America)"
LRI, PDI = "\u2066", "\u2069"


def _doc(lang: str) -> Built:
    ar = lang == "ar"
    sentence = (
        f"قدم المركز {ARG} تقريراً عن أنشطته (انظر UNEP/MC/COP.4/12)."
        if ar
        else f"{ARG} reported on its activities (see UNEP/MC/COP.4/12)."
    )
    blocks = [
        Block(
            "header",
            data=[SYMBOL, "Distr.: General", "13 December 2019", "", "Original: English"],
            text="Conference of the Parties",
        ),  # fmt: skip
        Block("title", "تقرير" if ar else "Report on submissions"),
        Block("h1", "I. Introduction"),
        Block("h2", "Themes"),
        Block("h3", "Least developed countries"),
    ]
    blocks += [Block("p", sentence, number=i) for i in range(1, 60)]
    blocks.insert(
        6,
        Block(
            "table",
            head=["", "Theme", "Parties"],
            rows=[["1", "Inventories and national action plans", "12"], ["2", "Waste", "7"]],
        ),
    )
    blocks.append(Block("text", "مساهمة سلطنة عُمان", lang="ar"))
    return Built("note", lang, "Report on submissions", blocks)


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def test_isolates_keep_parentheses_with_their_latin_run():
    text = f"قدم المركز {ARG} تقريراً (انظر UNEP/MC/COP.4/12)."
    out = directions.isolate(text)
    assert f"{LRI}{ARG}{PDI}" in out  # the parentheses stay inside the left-to-right run
    # a closing bracket opened in the Arabic sentence stays with the Arabic sentence
    assert f"{LRI}UNEP/MC/COP.4/12{PDI})." in out
    assert directions.isolate("كلمة") == "كلمة"


def test_column_widths_follow_content_and_never_break_words():
    rows = [["", "Theme", "Need", "Challenge", "Statements"],
            ["10", "Inventories and national action plans", "3", "4", "12"]]  # fmt: skip
    found = widths.column_widths(rows, 17.0, "en", head=True)
    assert abs(sum(found) - 17.0) < 0.01
    assert found[1] == max(found) and len({round(w, 2) for w in found}) > 2  # by content
    # every column is at least as wide as its longest word, set bold in the header row
    for i, term in enumerate(["10", "Inventories", "Need", "Challenge", "Statements"]):
        assert found[i] >= widths.longest_word(term, "en", bold=True), term
    # measured in the edition's font: a Chinese header is narrower than its English width
    assert widths.text_width("主题", "zh") < widths.text_width("Statements", "en")
    squeezed = widths.column_widths([["Inventories", "x " * 400]], 17.0)
    assert squeezed[0] >= widths.longest_word("Inventories")


@pytest.mark.parametrize(
    "lang,val,extra",
    [
        ("en", "en-GB", 'w:val="en-GB"'),
        ("fr", "fr-FR", 'w:val="fr-FR"'),
        # Chinese and Arabic go where Word reads them; Latin runs stay English (a zh-CN tag on
        # Latin text makes word processors break English words anywhere)
        ("zh", "zh-CN", 'w:val="en-GB" w:eastAsia="zh-CN"'),
        ("ar", "ar-SA", 'w:val="en-GB" w:eastAsia="zh-CN" w:bidi="ar-SA"'),
    ],
)
def test_docx_is_conference_ready(settings, lang, val, extra):
    import docx

    settings.DOCUMENT_AUTHOR = ""
    data = word.to_docx(_doc(lang))
    parts = _parts(data)
    document, styles = parts["word/document.xml"], parts["word/styles.xml"]
    # real styles, used
    for style in ("Title", "Heading1", "Heading2", "Heading3", "NumberedParagraph"):
        assert f'<w:pStyle w:val="{style}"/>' in document, style
    assert '<w:tblStyle w:val="COPTable"/>' in document
    # numbered paragraphs are a list in numbering.xml, linked to their style
    assert 'w:pStyle w:val="NumberedParagraph"' in parts["word/numbering.xml"]
    assert re.search(r'w:styleId="NumberedParagraph".*?<w:numId w:val="\d+"/>', styles, re.S)
    # running header with the symbol, PAGE field in the footer
    headers = [v for k, v in parts.items() if k.startswith("word/header")]
    footers = [v for k, v in parts.items() if k.startswith("word/footer")]
    assert any(SYMBOL in h for h in headers)
    assert footers and all("PAGE" in f and "fldChar" in f for f in footers)
    # the edition's language in the document defaults and the theme (no ja-JP)
    found = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)
    assert found is not None
    defaults = found.group(0)
    assert extra in defaults
    assert "ja-JP" not in parts["word/settings.xml"]
    assert 'w:eastAsia="zh-CN"' in parts["word/settings.xml"]
    # a quotation in Arabic carries its own language
    if lang != "ar":
        assert '<w:lang w:val="ar-SA"' in document
    found = re.search(r"<w:sectPr.*?</w:sectPr>", document, re.S)
    assert found is not None
    sect = found.group(0)
    if lang == "ar":
        assert "<w:bidi/>" in sect and "<w:bidiVisual/>" in document
        assert f"{LRI}{ARG}{PDI}" in document  # isolated Latin run in its own run
        run = re.search(rf"<w:r><w:rPr><w:rtl w:val=\"0\"/></w:rPr><w:t[^>]*>{LRI}BCRC", document)
        assert run is not None
    else:
        assert "<w:bidi/>" not in sect and LRI not in document.replace("ar-SA", "")
    # column widths from content
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', document)]
    assert len(set(grid)) == 3 and grid[1] == max(grid)
    # true core properties
    core = parts["docProps/core.xml"]
    assert "python-docx" not in core and "2013" not in core
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.author == "Minamata Convention secretariat"
    assert props.title == "Report on submissions" and props.language == val
    assert props.created.year == dt.date.today().year
    assert "python-docx" not in parts["docProps/app.xml"]


@pytest.mark.integration
def test_pdf_has_symbol_and_page_number_on_every_page():
    from pypdf import PdfReader

    for lang in ("en", "ar"):
        reader = PdfReader(io.BytesIO(render.to_pdf(_doc(lang))))
        assert len(reader.pages) >= 2, lang
        for number, page in enumerate(reader.pages, 1):
            text = page.extract_text()
            assert SYMBOL in text, (lang, number)
            assert text.strip().splitlines()[-1].strip() == str(number), (lang, number)


def test_html_carries_language_direction_and_isolates():
    ar = render.to_html(_doc("ar"))
    assert '<html lang="ar-SA" dir="rtl">' in ar
    assert f"{LRI}{ARG}{PDI}" in ar and "@top-left" in ar and SYMBOL in ar
    zh = render.to_html(_doc("zh"))
    assert '<html lang="zh-Hans" dir="ltr">' in zh and "@top-right" in zh
    assert '<p class="original" lang="ar-SA" dir="rtl">' in zh
    assert "<col style=" in zh


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_docx_properties_are_in_schema_order(lang):
    """Word refuses a file whose pPr/rPr/tblPr/sectPr children are out of the schema's order."""
    from lxml import etree

    parts = _parts(word.to_docx(_doc(lang)))
    orders = {
        "pPr": word_styles.PPR_ORDER, "rPr": word_styles.RPR_ORDER,
        "tblPr": word_styles.TBLPR_ORDER, "sectPr": word_styles.SECTPR_ORDER,
    }  # fmt: skip
    w = f"{{{word_styles.W_NS}}}"
    for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml"):
        root = etree.fromstring(parts[name].encode("utf-8"))
        for tag, order in orders.items():
            for el in root.iter(w + tag):
                names = [c.tag.split("}")[1] for c in el if c.tag.startswith(w)]
                known = [order.index(n) for n in names if n in order]
                assert known == sorted(known), (name, tag, names)
