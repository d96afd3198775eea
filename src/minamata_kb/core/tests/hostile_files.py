"""Hostile uploads built in code (tests and benchmarks/extract_limits.py share them)."""

from __future__ import annotations

import io
import zipfile


def pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return out


def text_pdf(text: str, *, catalog_extra: bytes = b"") -> bytes:
    """A one-page PDF showing ``text`` (``catalog_extra`` goes into the catalogue)."""
    stream = f"BT /F1 12 Tf 10 100 Td ({text}) Tj ET".encode()
    return pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R" + catalog_extra + b">>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R"
            b"/Resources<</Font<</F1 5 0 R>>>>>>",
            b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        ]
    )


def shared_stream_pdf(pages: int = 400, stream_mb: float = 2.0) -> bytes:
    """Many pages sharing one huge compressed content stream of empty text operators: small
    on disk, and each page makes a naive extractor parse the whole stream again."""
    import zlib

    unit = b"BT ET "
    raw = unit * int(stream_mb * 1024 * 1024 / len(unit))
    packed = zlib.compress(raw, 9)
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[" + kids + b"]/Count %d>>" % pages,
        b"<</Length %d/Filter/FlateDecode>>stream\n" % len(packed) + packed + b"\nendstream",
    ]
    objects += [
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 3 0 R"
        b"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>"
    ] * pages
    return pdf(objects)


def distinct_streams_pdf(pages: int = 400, stream_mb: float = 2.0) -> bytes:
    """The same, but every page has its own copy of the stream (so sharing cannot be used):
    only the time limit stops it."""
    import zlib

    unit = b"BT ET "
    packed = zlib.compress(unit * int(stream_mb * 1024 * 1024 / len(unit)), 9)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[" + kids + b"]/Count %d>>" % pages,
    ]
    for i in range(pages):
        objects.append(
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents %d 0 R"
            b"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>"
            % (4 + 2 * i)
        )
        objects.append(
            b"<</Length %d/Filter/FlateDecode>>stream\n" % len(packed) + packed + b"\nendstream"
        )
    return pdf(objects)


def padded_docx(text_mb: int = 20) -> bytes:
    """A DOCX whose document.xml is ``text_mb`` MB of paragraphs of varied words: it packs
    about 10:1, under any zip-ratio check, and unpacks to millions of characters."""
    import random

    rng = random.Random(15)
    words = "mercury waste amalgam gold mining coal emission storage trade phase-out".split()
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>"
    )
    tail = b"</w:body></w:document>"
    import docx

    blank = io.BytesIO()
    docx.Document().save(blank)  # every other part of a real document (Word opens it)
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(blank) as src,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf,
    ):
        for info in src.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info.filename, src.read(info))
        with zf.open("word/document.xml", "w") as fh:
            fh.write(head)
            written = 0
            while written < text_mb * 1024 * 1024:
                para = " ".join(rng.choices(words, k=150))
                chunk = f"<w:p><w:r><w:t>{para}</w:t></w:r></w:p>".encode()
                fh.write(chunk)
                written += len(chunk)
            fh.write(tail)
    return buf.getvalue()
