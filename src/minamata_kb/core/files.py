"""The upload contract, for every upload path: what a file really is, what is refused and why.

``inspect`` runs in the request and only looks at bytes (cheap, linear): the size
(``MAX_UPLOAD_BYTES``), the type by content (never by the name or the browser's word), the
name's extension against that content, HTML or script in text, a PDF's completeness, encryption
and active content (``core.pdfscan``), and a DOCX's archive (entries, unpacked size, compression
ratio). A refusal is an ``UploadRejected`` (a ``ValidationError`` with a code) saying what to
do. ``check_attachment`` checks a file that is kept but never read, ``check_archive`` an XLSX.
``failure_message`` turns the failure code of a refusal or of reading a file's text into words.

Reading the text comes after, in a background task: ``core.sandbox.extract`` (a child process
under time and memory limits, running the readers of ``core.extraction``), recorded on the row
by ``core.filetext.read_original``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.pdfscan import pdf_active_content, pdf_names

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
TXT = "text/plain"
CONTENT_TYPES = {"pdf": PDF, "docx": DOCX, "html": HTML, "txt": TXT}
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
}
DOCUMENT_KINDS = ("pdf", "docx", "txt")  # submissions: HTML is refused
LIBRARY_KINDS = ("pdf", "docx", "html", "txt")  # library: HTML is read as text, never rendered

# Archive limits of a DOCX (zip bombs). A real document.xml of a thousand pages is ~10 MB.
MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ZIP_RATIO = 100  # unpacked / packed, checked from 8 MB unpacked up


class UploadRejected(ValidationError):
    """The file is refused; the message says why and what to send instead."""

    def __str__(self) -> str:
        return " ".join(self.messages)


@dataclass(frozen=True)
class Accepted:
    """An upload that passed ``inspect``: its bytes, name and real kind."""

    data: bytes
    name: str
    kind: str  # pdf, docx, html, txt

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def int_setting(name: str, default: int) -> int:
    """The integer setting ``name`` (``default`` when unset): the limits on uploads."""
    from django.conf import settings

    return int(getattr(settings, name, default))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


# --- checks on bytes --------------------------------------------------------------------------

_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|script|iframe|object|embed)\b", re.I)
_SCRIPT = re.compile(rb"<\s*script\b|javascript:|\bon(load|error|click)\s*=", re.I)


def check_size(size: int) -> None:
    """Refuse a file larger than MAX_UPLOAD_BYTES (before reading it, where possible)."""
    limit = int_setting("MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
    if size > limit:
        raise UploadRejected(
            gettext("The file is %(size)s; the largest file accepted is %(limit)s.")
            % {"size": _mb(size), "limit": _mb(limit)},
            code="too_large",
        )


def sniff(data: bytes) -> str | None:
    """The kind the bytes really are (pdf, docx, html, txt), or None."""
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else None
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
    if _HTML.search(data[:4096]):
        return "html"
    try:
        decode_text(data[:8192], cut=True)
    except UnicodeDecodeError:
        return None
    return "txt"


def decode_text(data: bytes, *, cut: bool = False) -> str:
    """Text of ``data``: UTF-16 with a BOM, UTF-8 (BOM or not), else Windows-1252 when clearly
    text. Binary content raises UnicodeDecodeError. ``cut``: ``data`` is a sample whose end
    may split a character."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        body = data[: len(data) - (len(data) % 2)] if cut else data
        return body.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise UnicodeDecodeError("utf-8", data[:1], 0, 1, "NUL byte: binary content")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(data) - 4:
            text = data[: exc.start].decode("utf-8-sig")
        else:
            text = data.decode("cp1252")  # raises on the five bytes cp1252 leaves undefined
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(2, len(sample) // 100):
        raise UnicodeDecodeError("utf-8", data[:1], 0, 1, "control characters: binary content")
    return text


def _kind_label(kind: str) -> str:
    labels = {
        "pdf": gettext("a PDF"),
        "docx": gettext("a Word (DOCX) document"),
        "html": gettext("a web page (HTML)"),
        "txt": gettext("plain text"),
    }
    return labels.get(kind, kind)


def inspect(name: str, data: bytes, *, kinds: Iterable[str] = DOCUMENT_KINDS) -> Accepted:
    """Accept an upload of one of ``kinds``, or raise UploadRejected saying why not."""
    kinds = tuple(kinds)
    check_size(len(data))
    if not data:
        raise UploadRejected(gettext("The file is empty."), code="empty")
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    ext = ("." + base.rsplit(".", 1)[-1].lower()) if "." in base else ""
    kind = _content_kind(data, kinds)
    if ext and EXTENSIONS.get(ext) != kind:
        raise UploadRejected(
            gettext("The file is named %(ext)s but its content is %(kind)s.")
            % {"ext": ext, "kind": _kind_label(kind)},
            code="type_mismatch",
        )
    if kind == "pdf":
        _check_pdf(data)
    elif kind == "docx":
        _check_zip(data, gettext("The Word file"))
    return Accepted(data=data, name=base or "upload", kind=kind)


def _content_kind(data: bytes, kinds: tuple[str, ...]) -> str:
    """The kind the content is, one of ``kinds``; an old Word file, HTML where it is not
    accepted, text with script or any other content is refused."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadRejected(
            gettext("Old Word (.doc) files are not accepted; save it as DOCX or PDF."),
            code="wrong_type",
        )
    kind = sniff(data)
    if kind == "html" and "html" not in kinds:
        message = (
            gettext(
                "The file is a web page (HTML) with script. Send a PDF, DOCX or plain-text file."
            )
            if _SCRIPT.search(data)
            else gettext("The file is a web page (HTML). Send a PDF, DOCX or plain-text file.")
        )
        raise UploadRejected(message, code="html")
    if kind == "txt" and _SCRIPT.search(data[:65536]):
        raise UploadRejected(
            gettext("The text contains script code (<script>, javascript: or on...=). Remove it."),
            code="script",
        )
    if kind is None or kind not in kinds:
        raise UploadRejected(
            gettext("The file's content is not a PDF, a Word (DOCX) document or plain text.")
            if "html" not in kinds
            else gettext(
                "The file's content is not a PDF, a Word (DOCX) document, a web page (HTML) "
                "or plain text."
            ),
            code="wrong_type",
        )
    return kind


_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
_ZIP_MARKERS = {".xlsx": "xl/workbook.xml", ".odt": "mimetype"}


def check_attachment(name: str, data: bytes) -> None:
    """The checks for a file that is kept and handed back but never read (attachments):
    the size, and content matching the name's extension (PDF, DOCX and text get every check
    of ``inspect``; images, old Word files, workbooks and OpenDocument their signature)."""
    base = (name or "").rsplit("/", 1)[-1]
    ext = ("." + base.rsplit(".", 1)[-1].lower()) if "." in base else ""
    if ext in EXTENSIONS:
        if ext in (".html", ".htm"):
            raise UploadRejected(
                gettext("The file is a web page (HTML). Send a PDF, DOCX or plain-text file."),
                code="html",
            )
        if ext != ".doc":
            inspect(base, data, kinds=DOCUMENT_KINDS)
            return
    check_size(len(data))
    if not data:
        raise UploadRejected(gettext("The file is empty."), code="empty")
    ok = data.startswith(_MAGIC.get(ext, (b"\x00\x00never",)))
    if ext in _ZIP_MARKERS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                ok = _ZIP_MARKERS[ext] in zf.namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            ok = False
        if ok:
            _check_zip(data, base)
    if not ok:
        raise UploadRejected(
            gettext("The file is named %(ext)s but its content is not of that type.")
            % {"ext": ext or "(no extension)"},
            code="type_mismatch",
        )


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise UploadRejected(
            gettext(
                "The PDF is incomplete (truncated): its end is missing. Send the whole file again."
            ),
            code="truncated",
        )
    if pdf_active_content(data):
        raise UploadRejected(failure_message("active_content"), code="active_content")
    if b"Encrypt" in pdf_names(data):
        raise UploadRejected(failure_message("encrypted"), code="encrypted")


def _check_zip(data: bytes, what: str) -> None:
    """Refuse an archive with too many entries, or that unpacks to too much or too fast."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UploadRejected(failure_message("damaged"), code="damaged") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if (
        len(infos) > MAX_ZIP_ENTRIES
        or total > MAX_UNPACKED_BYTES
        or (total > 8 * 1024 * 1024 and total / packed > MAX_ZIP_RATIO)
    ):
        raise UploadRejected(
            gettext("%(what)s unpacks to %(size)s in %(n)s parts: refused as a possible zip bomb.")
            % {"what": what, "size": _mb(total), "n": len(infos)},
            code="bomb",
        )


def check_archive(data: bytes, what: str = "") -> None:
    """The zip-bomb checks of a DOCX, for other Office files (XLSX workbooks)."""
    _check_zip(data, what or gettext("The workbook"))


# --- failure codes, in words ------------------------------------------------------------------

_FAILURES: dict[str, Any] = {
    "timeout": _(
        "Reading the file took longer than %(seconds)s seconds and was stopped. "
        "Send a simpler copy (for example, print it to a new PDF)."
    ),
    "memory": _(
        "Reading the file needed more than %(mb)s MB of memory and was stopped. "
        "Send a simpler or smaller copy."
    ),
    "damaged": _("The file is damaged and cannot be read. Send a new copy."),
    "encrypted": _("The PDF is password-protected (encrypted). Send a copy without protection."),
    "active_content": _(
        "The PDF contains scripts or actions that launch programs. Send a plain copy."
    ),
    "bomb": _("The file unpacks to too much data: refused as a possible zip bomb."),
    "crashed": _("The program reading the file stopped unexpectedly. Send a new copy."),
}


def failure_message(code: str) -> str:
    """The reason for failure ``code``, in the active language."""
    template = _FAILURES.get(code, _FAILURES["crashed"])
    return str(template) % {
        "seconds": int_setting("EXTRACT_TIMEOUT_SECONDS", 30),
        "mb": int_setting("EXTRACT_MEMORY_MB", 512),
    }
