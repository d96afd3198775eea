"""Uploaded files, for every upload path: what they really are, what is refused, their text.

Two steps, so that a hostile file can neither hold a request nor hurt the server:

1. ``inspect`` runs in the request and only looks at bytes (cheap, linear): the size
   (``MAX_UPLOAD_BYTES``), the type by content (never by the name or the browser's word), the
   name's extension against that content, HTML or script in text, a PDF's completeness,
   encryption and active content (JavaScript, launch actions, embedded files, rich media, XFA
   forms, ``javascript:`` links; PDF names are decoded first, so ``/J#61vaScript`` is
   ``/JavaScript``), and a DOCX's archive (entries, unpacked size, compression ratio). A refusal
   is an ``UploadRejected`` (a ``ValidationError`` with a code) saying what to do.
2. ``extract`` reads the text. Plain text is decoded in-process (linear in a size already
   bounded); PDF, DOCX and HTML are parsed in a child process limited in address space
   (``EXTRACT_MEMORY_MB``), CPU and wall-clock time (``EXTRACT_TIMEOUT_SECONDS``), whose output
   is cut at ``MAX_EXTRACTED_CHARS`` characters (the cut is reported). It never raises for a
   bad file: the result carries a failure code, and ``failure_message`` turns it into words.
   Callers run it in a background task and record the outcome in one write, so a failure
   leaves no half-written text.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
MAX_PDF_PAGES = 2000
_OBJSTM_INFLATE = 16 * 1024 * 1024  # bytes of compressed PDF objects searched for scripts


class UploadRejected(ValidationError):
    """The file is refused; the message says why and what to send instead."""

    def __str__(self) -> str:
        return " ".join(self.messages)


class State(models.TextChoices):
    """Where reading an upload's text stands (stored on the file's row)."""

    PENDING = "pending", _("Waiting to be read")
    PROCESSING = "processing", _("Being read")
    DONE = "done", _("Read")
    FAILED = "failed", _("Could not be read")


@dataclass(frozen=True)
class Accepted:
    """An upload that passed ``inspect``: its bytes, name and real kind."""

    data: bytes
    name: str
    kind: str  # pdf, docx, html, txt

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


@dataclass(frozen=True)
class Extraction:
    """The text read from a file (``error`` empty), or why it could not be read."""

    text: str = ""
    truncated: bool = False
    error: str = ""  # a failure code (see failure_message)


def _setting(name: str, default: int) -> int:
    from django.conf import settings

    return int(getattr(settings, name, default))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


# --- step 1: checks on bytes ------------------------------------------------------------------

_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|script|iframe|object|embed)\b", re.I)
_SCRIPT = re.compile(rb"<\s*script\b|javascript:|\bon(load|error|click)\s*=", re.I)
# A PDF name: a solidus and regular characters; #xx escapes are decoded before matching.
_PDF_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]*)")
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_ACTIVE = {
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"XFA",
    b"ImportData",
    b"GoToE",
}
_BAD_SCHEMES = (b"javascript:", b"vbscript:", b"data:", b"file:")


def check_size(size: int) -> None:
    """Refuse a file larger than MAX_UPLOAD_BYTES (before reading it, where possible)."""
    limit = _setting("MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
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


def pdf_names(data: bytes) -> set[bytes]:
    """Every PDF name in ``data``, #xx escapes decoded (``/J#61vaScript`` is ``JavaScript``)."""
    out = set()
    for m in _PDF_NAME.finditer(data):
        raw = m.group(1)
        out.add(
            _PDF_ESCAPE.sub(lambda e: bytes([int(e.group(1), 16)]), raw) if b"#" in raw else raw
        )
    return out


def _pdf_string(data: bytes, start: int) -> bytes:
    """The literal ``(...)`` or hex ``<...>`` string starting at or after ``start`` (decoded
    roughly: escapes, octal codes and hex digits), for looking at link targets."""
    rest = data[start : start + 4096].lstrip()
    if rest.startswith(b"<") and not rest.startswith(b"<<"):
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", rest[1 : rest.find(b">") if b">" in rest else None])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    if not rest.startswith(b"("):
        return b""
    out = bytearray()
    i, depth = 1, 1
    while i < len(rest) and depth:
        c = rest[i]
        if c == 0x5C and i + 1 < len(rest):  # backslash
            octal = re.match(rb"[0-7]{1,3}", rest[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            out.append(rest[i + 1])
            i += 2
            continue
        depth += c == 0x28
        depth -= c == 0x29
        if depth:
            out.append(c)
        i += 1
    return bytes(out)


def pdf_active_content(data: bytes) -> bool:
    """Whether the PDF bytes name scripts, launch actions, embedded files, rich media or XFA
    forms, or link to a ``javascript:`` (or vbscript:, data:, file:) address."""
    if pdf_names(data) & _PDF_ACTIVE:
        return True
    for m in _PDF_NAME.finditer(data):
        raw = m.group(1)
        name = _PDF_ESCAPE.sub(lambda e: bytes([int(e.group(1), 16)]), raw) if b"#" in raw else raw
        if name == b"URI":
            target = re.sub(rb"[\x00-\x20]", b"", _pdf_string(data, m.end())).lower()
            if target.startswith(_BAD_SCHEMES):
                return True
    return False


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


# --- step 2: extraction, in a limited child process --------------------------------------------

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
        "seconds": _setting("EXTRACT_TIMEOUT_SECONDS", 30),
        "mb": _setting("EXTRACT_MEMORY_MB", 512),
    }


def extract(
    kind: str,
    data: bytes,
    *,
    max_chars: int | None = None,
    timeout: float | None = None,
    memory_mb: int | None = None,
) -> Extraction:
    """Read the text of an accepted file within the limits (settings unless given)."""
    cap = max_chars or _setting("MAX_EXTRACTED_CHARS", 1_000_000)
    if kind == "txt":
        try:
            text = decode_text(data)
        except UnicodeDecodeError:
            return Extraction(error="damaged")
        return _capped(text.replace("\x00", "").strip(), cap)
    seconds = timeout or _setting("EXTRACT_TIMEOUT_SECONDS", 30)
    mb = memory_mb or _setting("EXTRACT_MEMORY_MB", 512)
    argv = [sys.executable, "-m", "minamata_kb.core.files", kind, str(cap), str(mb), str(seconds)]
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        out, _err = proc.communicate(data, timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return Extraction(error="timeout")
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return Extraction(error="timeout")
    try:
        result = json.loads(out)
    except ValueError:
        return Extraction(error="memory" if proc.returncode == 3 else "crashed")
    if result.get("error"):
        return Extraction(error=str(result["error"]))
    return Extraction(text=str(result["text"])[:cap], truncated=bool(result["truncated"]))


def read_original(
    row: Any, *, text_field: str, more: Callable[[str], dict[str, Any]] | None = None
) -> Extraction | None:
    """Read the text of ``row.original`` (a Submission or ResourceFile) and record the outcome
    in one UPDATE: text, cut flag and state ``done``, or state ``failed`` with the reason code
    and no text (nothing half-written). ``more(text)`` adds fields (the language). Runs in a
    background task; a row already done, or gone, is left alone (None)."""
    model = type(row)
    claimed = model.objects.filter(
        pk=row.pk, extraction_state__in=[State.PENDING, State.PROCESSING]
    ).update(extraction_state=State.PROCESSING)
    if not claimed:
        return None
    kind = {v: k for k, v in CONTENT_TYPES.items()}.get(row.content_type, "txt")
    try:
        with row.original.open("rb") as fh:
            data = fh.read()
    except OSError:
        result = Extraction(error="crashed")
    else:
        result = extract(kind, data)
    if result.error:
        fields: dict[str, Any] = {text_field: "", "text_truncated": False}
        fields |= {"extraction_state": State.FAILED, "extraction_error": result.error}
    else:
        fields = {text_field: result.text, "text_truncated": result.truncated}
        fields |= {"extraction_state": State.DONE, "extraction_error": ""}
        fields |= more(result.text) if more else {}
    model.objects.filter(pk=row.pk, extraction_state=State.PROCESSING).update(**fields)
    for name, value in fields.items():
        setattr(row, name, value)
    return result


def processing(row: Any) -> dict[str, Any]:
    """How reading a row's original stands, for pages and the API."""
    failed = row.extraction_state == State.FAILED
    return {
        "extraction_state": str(row.extraction_state),
        "extraction_error": failure_message(row.extraction_error) if failed else "",
        "text_truncated": bool(row.text_truncated),
    }


TEXT_PAGE_CHARS = 20_000  # characters of extracted text per page of a public rendering


@dataclass(frozen=True)
class TextPage:
    """One page of a long text: ``text``, its number and the count (1-based)."""

    text: str
    number: int
    count: int
    length: int

    @property
    def truncated(self) -> bool:
        return self.count > 1

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def text_page(text: str, number: Any = 1, size: int = TEXT_PAGE_CHARS) -> TextPage:
    """Page ``number`` of ``text`` cut into pages of ``size`` characters (bad numbers: 1)."""
    count = max(1, -(-len(text) // size))
    try:
        n = min(max(int(str(number)[:6]), 1), count)
    except ValueError:
        n = 1
    return TextPage(text[(n - 1) * size : n * size], n, count, len(text))


def clip(text: str, size: int = TEXT_PAGE_CHARS) -> tuple[str, bool]:
    """``text`` cut at ``size`` characters with a visible marker, and whether it was cut."""
    if len(text) <= size:
        return text, False
    return text[:size] + "\n[…] " + gettext("(truncated)"), True


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def _capped(text: str, cap: int) -> Extraction:
    return Extraction(text=text[:cap], truncated=len(text) > cap)


class _Full(Exception):
    """The text reached its cap: stop reading."""


class _Failed(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class _Text:
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
            raise _Full
        self.parts.append(block)
        self.size += len(block) + 2

    def text(self) -> str:
        return "\n\n".join(self.parts)[: self.cap]


def _inflated_object_streams(data: bytes) -> bytes:
    """The decompressed PDF object streams (compressed objects a byte scan cannot see)."""
    out = bytearray()
    for m in re.finditer(rb"/Type\s*/ObjStm", data):
        start = data.find(b"stream", m.end())
        if start < 0:
            continue
        start += 6
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        end = data.find(b"endstream", start)
        try:
            out += zlib.decompressobj().decompress(data[start:end], _OBJSTM_INFLATE - len(out))
        except zlib.error:
            continue
        if len(out) >= _OBJSTM_INFLATE:
            break
    return bytes(out)


def _pdf_text(data: bytes, out: _Text) -> None:
    from pypdf import PdfReader

    if pdf_active_content(_inflated_object_streams(data)):
        raise _Failed("active_content")
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise _Failed("encrypted")
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


def _docx_text(data: bytes, out: _Text) -> None:
    """Paragraphs of word/document.xml in order (table rows as ``cell | cell``), streamed:
    memory stays flat whatever the size of the XML."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
        if info.file_size > MAX_UNPACKED_BYTES:
            raise _Failed("bomb")
        with zf.open(info) as fh:
            cells: list[list[str]] = []
            rows = 0
            for event, el in etree.iterparse(
                fh,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            ):
                tag = el.tag
                if event == "start":
                    if tag == _W + "tr":
                        rows += 1
                        cells = []
                    elif tag == _W + "tc" and rows:
                        cells.append([])
                    continue
                if tag == _W + "p":
                    text = "".join(
                        (t.text or "") if t.tag == _W + "t" else "\t"
                        for t in el.iter(_W + "t", _W + "tab")
                    )
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
                    parent = el.getparent()
                    while el.getprevious() is not None:
                        del parent[0]


_DROP = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "head")


def _html_text(data: bytes, out: _Text) -> None:
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
        raise _Failed("damaged") from None
    for bad in list(root.iter(*_DROP)):
        if bad.getparent() is not None:
            bad.drop_tree()
    for br in root.iter("br", "p", "div", "li", "h1", "h2", "h3", "h4", "tr"):
        br.tail = "\n" + (br.tail or "")
    text = re.sub(r"[ \t\r\f\v]+", " ", root.text_content())
    for block in re.split(r"\n\s*\n+", text):
        out.add(block)


_READERS = {"pdf": _pdf_text, "docx": _docx_text, "html": _html_text}


def _near(limit: int) -> bool:
    """Whether this process's peak address space came within 10 % of ``limit`` (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= limit * 0.9
    except (OSError, ValueError):
        pass
    return False


def _child(argv: list[str]) -> int:
    """Entry of the child process: limits first, then read stdin, write JSON to stdout."""
    import resource

    kind, cap, mb, seconds = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    limit = mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    out = _Text(cap)
    try:
        data = sys.stdin.buffer.read()
        _READERS[kind](data, out)
    except _Full:
        pass
    except _Failed as exc:
        sys.stdout.write(json.dumps({"error": exc.code}))
        return 0
    except MemoryError:
        return 3
    except Exception:  # noqa: BLE001 - parsers raise many kinds on hostile input
        # C parsers (lxml) report a failed allocation as a parse error: the peak says which.
        sys.stdout.write(json.dumps({"error": "memory" if _near(limit) else "damaged"}))
        return 0
    try:
        sys.stdout.write(json.dumps({"text": out.text(), "truncated": out.truncated}))
    except MemoryError:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
