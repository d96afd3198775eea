"""Uploaded files: sniff what they really are, refuse hostile ones, extract their text.

Never trusts the file name or the browser's content type. Limits: the upload size
(settings.MAX_UPLOAD_BYTES), a DOCX's uncompressed size and entry count (zip bombs), PDF pages
and the length of extracted text. HTML is parsed, never rendered: scripts and styles are
dropped and only text is kept.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_RATIO = 200
MAX_PDF_PAGES = 1000
MAX_TEXT_CHARS = 2_000_000

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "txt": "text/plain",
}


class UploadRejected(ValueError):
    """The file cannot be accepted; the message says why, for the user."""


@dataclass
class Extracted:
    kind: str
    content_type: str
    text: str


def _max_upload() -> int:
    from django.conf import settings

    return int(getattr(settings, "MAX_UPLOAD_BYTES", 25 * 1024 * 1024))


def check_size(size: int) -> None:
    limit = _max_upload()
    if size > limit:
        raise UploadRejected(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    if size == 0:
        raise UploadRejected(_("The file is empty."))


_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|p|div|h1)\b", re.I | re.S
)


def sniff(data: bytes) -> str:
    """The real kind of ``data``: pdf, docx, html or txt; UploadRejected otherwise."""
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            raise UploadRejected(_("The file looks like a ZIP archive but is damaged.")) from None
        if "word/document.xml" in names:
            return "docx"
        raise UploadRejected(_("ZIP archives other than Word (.docx) documents are not accepted."))
    if head.startswith((b"\xd0\xcf\x11\xe0",)):
        raise UploadRejected(_("Old Word (.doc) files are not accepted; save it as .docx or PDF."))
    try:
        text_head = decode_text(head, strict_tail=False)
    except UploadRejected:
        raise UploadRejected(
            _("Unsupported file type: upload a PDF, a Word (.docx), an HTML or a text file.")
        ) from None
    if _HTML_START.match(text_head.encode("utf-8", "ignore")):
        return "html"
    return "txt"


def decode_text(data: bytes, strict_tail: bool = True) -> str:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 when it
    is clearly text; binary content is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UploadRejected(_("The text file is not valid UTF-16.")) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not strict_tail and exc.start >= len(data) - 4:
            text = data[: exc.start].decode("utf-8-sig")  # a character cut by the sample
        else:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise UploadRejected(
                    _("The text is neither UTF-8 nor Windows-1252; save it as UTF-8.")
                ) from None
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(2, len(text[:4096]) // 100):
        raise UploadRejected(_("The file is binary, not text."))
    return text


def _clip(text: str) -> str:
    text = text.replace("\x00", "")
    return text[:MAX_TEXT_CHARS]


def extract_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRejected(
                _("The PDF is encrypted (password-protected); upload an open copy.")
            )
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise UploadRejected(_("The PDF has more than %(n)d pages.") % {"n": MAX_PDF_PAGES})
        parts: list[str] = []
        size = 0
        for page in pages:
            t = page.extract_text() or ""
            parts.append(t)
            size += len(t)
            if size > MAX_TEXT_CHARS:
                break
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError):
        raise UploadRejected(_("The PDF is damaged or truncated and cannot be read.")) from None
    except Exception:  # pypdf raises many kinds on hostile input
        raise UploadRejected(_("The PDF is damaged or truncated and cannot be read.")) from None
    return _clip("\n\n".join(parts))


def extract_docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise UploadRejected(_("The Word file has too many parts."))
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO and total > 10_000_000:
                raise UploadRejected(
                    _("The Word file expands to %(mb)d MB: refused as a possible zip bomb.")
                    % {"mb": total // 1048576}
                )
    except zipfile.BadZipFile:
        raise UploadRejected(_("The Word file is damaged.")) from None
    try:
        import docx

        doc = docx.Document(io.BytesIO(data))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.append(" | ".join(c.text for c in row.cells))
    except UploadRejected:
        raise
    except Exception:
        raise UploadRejected(_("The Word file is damaged or not a Word document.")) from None
    return _clip("\n\n".join(p for p in parts if p.strip()))


_DROP = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "head")


def extract_html(data: bytes | str) -> str:
    """Text of an HTML document; scripts, styles and markup are discarded, never run."""
    import lxml.html
    from lxml import etree

    raw = data if isinstance(data, str) else decode_text(data)
    raw = raw.replace("\x00", "")
    if not raw.strip():
        return ""
    try:
        parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, recover=True)
        root = lxml.html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError):
        raise UploadRejected(_("The HTML file cannot be parsed.")) from None
    for bad in list(root.iter(*_DROP)):
        if bad.getparent() is not None:
            bad.drop_tree()
    for br in root.iter("br", "p", "div", "li", "h1", "h2", "h3", "h4", "tr"):
        br.tail = "\n" + (br.tail or "")
    text = root.text_content()
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return _clip(text.strip())


def extract(data: bytes) -> Extracted:
    """Sniff and extract; UploadRejected with a clear message when the file is unacceptable."""
    check_size(len(data))
    kind = sniff(data)
    if kind == "pdf":
        text = extract_pdf(data)
    elif kind == "docx":
        text = extract_docx(data)
    elif kind == "html":
        text = extract_html(data)
    else:
        text = _clip(decode_text(data))
    return Extracted(kind, CONTENT_TYPES[kind], text.strip())
