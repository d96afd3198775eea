"""PDF bytes scanned without parsing: names (``#xx`` escapes decoded), link targets, and the
active content a PDF must not carry (scripts, launch actions, embedded files, rich media, XFA
forms, ``javascript:`` links), also inside compressed object streams. ``core.files`` runs the
scan on the upload in the request; ``core.extraction`` on the inflated object streams in the
limited child process.
"""

from __future__ import annotations

import re
import zlib

_OBJSTM_INFLATE = 16 * 1024 * 1024  # bytes of compressed PDF objects searched for scripts

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


def inflated_object_streams(data: bytes) -> bytes:
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
