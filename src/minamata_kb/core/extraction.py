"""Text from each format a child process reads: PDF (pypdf), DOCX (the XML streamed with lxml)
and HTML (lxml, markup dropped, never run), gathered into a ``CappedText`` that stops the
reading at its cap. A reader raises ``ReadFailed`` with a failure code (worded by
``core.files.failure_message``) for a file it refuses. They run only inside the limited child
process of ``core.sandbox``, never in the server process.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from minamata_kb.core.files import MAX_UNPACKED_BYTES, decode_text
from minamata_kb.core.pdfscan import inflated_object_streams, pdf_active_content

MAX_PDF_PAGES = 2000  # pages of a PDF read at most (the cut is reported)


class Full(Exception):
    """The text reached its cap: stop reading."""


class ReadFailed(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class CappedText:
    """Blocks of text gathered up to ``cap`` characters."""

    def __init__(self, cap: int) -> None:
        self.cap, self.size, self.truncated = cap, 0, False
        self.parts: list[str] = []

    def add(self, block: str) -> None:
        block = block.replace("\x00", "").strip()
        if not block:
            return
        room = self.cap - self.size
        if len(block) + 2 > room:
            self.parts.append(block[: max(room, 0)])
            self.size = self.cap
            self.truncated = True
            raise Full
        self.parts.append(block)
        self.size += len(block) + 2

    def text(self) -> str:
        return "\n\n".join(self.parts)[: self.cap]


def _pdf_text(data: bytes, out: CappedText) -> None:
    from pypdf import PdfReader

    if pdf_active_content(inflated_object_streams(data)):
        raise ReadFailed("active_content")
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise ReadFailed("encrypted")
    seen: set[tuple[tuple[int, int], ...]] = set()
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES:
            out.truncated = True
            return
        # Pages sharing one content stream are read once (a hostile file repeats a huge one).
        key = _contents_key(page)
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        out.add(page.extract_text() or "")


def _contents_key(page: Any) -> tuple[tuple[int, int], ...] | None:
    """The object numbers of a page's content streams (None when they are not references)."""
    from pypdf.generic import IndirectObject

    if "/Contents" not in page:
        return None
    raw = page.raw_get("/Contents")
    refs = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(r, IndirectObject) for r in refs):
        return None
    return tuple((r.idnum, r.generation) for r in refs)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes, out: CappedText) -> None:
    """Paragraphs of word/document.xml in order (table rows as ``cell | cell``), streamed:
    memory stays flat whatever the size of the XML."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
        if info.file_size > MAX_UNPACKED_BYTES:
            raise ReadFailed("bomb")
        with zf.open(info) as fh:
            events = etree.iterparse(
                fh,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            _docx_body(events, out)


def _docx_body(events: Iterator[tuple[str, Any]], out: CappedText) -> None:
    """Walk the parse events of the body: each paragraph, or each table row once closed; the
    elements read are cleared and dropped from the tree as the walk goes."""
    cells: list[list[str]] = []
    rows = 0
    for event, el in events:
        tag = el.tag
        if event == "start":
            if tag == _W + "tr":
                rows += 1
                cells = []
            elif tag == _W + "tc" and rows:
                cells.append([])
            continue
        if tag == _W + "p":
            text = _paragraph_text(el)
            if rows and cells:
                cells[-1].append(text)
            else:
                out.add(text)
            el.clear()
        elif tag == _W + "tr" and rows:
            rows -= 1
            out.add(" | ".join(" ".join(c).strip() for c in cells))
            cells = []
            el.clear()
        elif tag == _W + "body":
            break
        if rows == 0 and el.getparent() is not None and tag in (_W + "p", _W + "tbl"):
            _drop_earlier_siblings(el)


def _paragraph_text(el: Any) -> str:
    """The text runs of a paragraph, a tab as a tab."""
    return "".join(
        (t.text or "") if t.tag == _W + "t" else "\t" for t in el.iter(_W + "t", _W + "tab")
    )


def _drop_earlier_siblings(el: Any) -> None:
    """Remove the elements before ``el`` (read already) so the tree does not grow."""
    parent = el.getparent()
    while el.getprevious() is not None:
        del parent[0]


_DROP = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "head")


def _html_text(data: bytes, out: CappedText) -> None:
    """Text of an HTML document; scripts, styles and markup are dropped, never run."""
    import lxml.html
    from lxml import etree

    raw = decode_text(data).replace("\x00", "")
    if not raw.strip():
        return
    try:
        parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, recover=True)
        root = lxml.html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError):
        raise ReadFailed("damaged") from None
    for bad in list(root.iter(*_DROP)):
        if bad.getparent() is not None:
            bad.drop_tree()
    for br in root.iter("br", "p", "div", "li", "h1", "h2", "h3", "h4", "tr"):
        br.tail = "\n" + (br.tail or "")
    text = re.sub(r"[ \t\r\f\v]+", " ", root.text_content())
    for block in re.split(r"\n\s*\n+", text):
        out.add(block)


READERS = {"pdf": _pdf_text, "docx": _docx_text, "html": _html_text}
