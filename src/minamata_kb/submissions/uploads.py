"""Checking and reading uploaded originals: size, type by content, damage, hostile markup.

Every refusal is a `ValidationError` whose message tells the sender what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TXT = "text/plain"
EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".txt": TXT}
MAX_DOCX_UNPACKED = 200 * 1024 * 1024  # a zip bomb stops here
_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|script|iframe|object|embed)\b", re.I)
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b")
_SCRIPT = re.compile(rb"<\s*script\b|javascript:|\bon(load|error|click)\s*=", re.I)


@dataclass
class Checked:
    """An accepted upload: its bytes, sniffed type and extracted text."""

    data: bytes
    name: str
    content_type: str
    text: str


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are (PDF, DOCX, plain text), or None."""
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-":
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
        return None
    if _HTML.search(data[:4096]):
        return "text/html"
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        _decode_text(data)
    except UnicodeDecodeError:
        return None
    return TXT


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def check_size(size: int) -> None:
    """Refuse a file larger than MAX_UPLOAD_BYTES (before reading it, where possible)."""
    limit = int(settings.MAX_UPLOAD_BYTES)
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest file accepted is %(limit)s.")
            % {"size": _mb(size), "limit": _mb(limit)},
            code="too_large",
        )


def check_upload(name: str, data: bytes) -> Checked:
    """Accept a PDF, DOCX or TXT original, or raise ValidationError saying why not."""
    check_size(len(data))
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    kind = sniff(data)
    if kind == "text/html":
        message = (
            _("The file is a web page (HTML) with script. Send a PDF, DOCX or plain-text file.")
            if _SCRIPT.search(data)
            else _("The file is a web page (HTML). Send a PDF, DOCX or plain-text file.")
        )
        raise ValidationError(message, code="html")
    if kind == TXT and _SCRIPT.search(data[:65536]):
        raise ValidationError(
            _("The text contains script code (<script>, javascript: or on...=). Remove it."),
            code="script",
        )
    if kind is None:
        raise ValidationError(
            _("The file's content is not a PDF, a Word (DOCX) document or plain text."),
            code="wrong_type",
        )
    if ext and EXTENSIONS.get(ext) != kind:
        raise ValidationError(
            _("The file is named %(ext)s but its content is %(kind)s.")
            % {"ext": ext, "kind": _kind_label(kind)},
            code="type_mismatch",
        )
    if kind == PDF:
        text = pdf_text(data)
    elif kind == DOCX:
        text = docx_text(data)
    else:
        text = _decode_text(data)
    return Checked(data=data, name=name, content_type=kind, text=text.replace("\x00", ""))


def _kind_label(kind: str) -> str:
    labels = {PDF: _("a PDF"), DOCX: _("a Word (DOCX) document"), TXT: _("plain text")}
    return labels.get(kind, kind)


def pdf_text(data: bytes) -> str:
    """Text of a PDF; refuses encrypted, truncated or damaged files."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            _("The PDF is incomplete (truncated): its end is missing. Send the whole file again."),
            code="truncated",
        )
    if _PDF_ACTIVE.search(data):
        raise ValidationError(
            _("The PDF contains scripts or actions that launch programs. Send a plain copy."),
            code="active_content",
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected (encrypted). Send a copy without protection."),
                code="encrypted",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            _("The PDF is damaged and cannot be read (%(error)s).") % {"error": str(exc)[:120]},
            code="damaged",
        ) from exc
    return "\n\n".join(p.strip() for p in pages if p.strip())


def docx_text(data: bytes) -> str:
    """Text of a DOCX (paragraphs, then tables); refuses damaged or oversized archives."""
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_DOCX_UNPACKED:
                raise ValidationError(_("The Word file unpacks to too much data."), code="bomb")
        document = docx.Document(io.BytesIO(data))
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds
        raise ValidationError(
            _("The Word (DOCX) file is damaged and cannot be read."), code="damaged"
        ) from exc
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" | ".join(cell.text for cell in row.cells))
    return "\n\n".join(b.strip() for b in blocks if b.strip())


@cache
def _detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    # Cyrillic, CJK and Arabic scripts are told apart before the detector is asked.
    langs = [Language.ENGLISH, Language.FRENCH, Language.SPANISH]
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language among the six UN languages ('' if unsure)."""
    sample = text[:3000].strip()
    if not sample:
        return ""
    if re.search(r"[\u4e00-\u9fff]", sample):
        return "zh"
    if re.search(r"[\u0600-\u06ff]", sample):
        return "ar"
    if re.search(r"[\u0400-\u04ff]", sample):
        return "ru"
    try:
        lang = _detector().detect_language_of(sample)
    except Exception:  # noqa: BLE001 - detector unavailable: leave it to the officer
        return ""
    return lang.iso_code_639_1.name.lower() if lang else ""
