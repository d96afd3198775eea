"""Uploads: sniffing, extraction, checksums and hostile files (built here, in code)."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from minamata_kb.core import files as X
from minamata_kb.core import sandbox
from minamata_kb.library.models import Resource, ResourceFile
from minamata_kb.library.services import UploadRejected, attach_file


def read(data: bytes, name: str = "") -> sandbox.Extraction:
    """What a library upload goes through: the checks, then the limited extraction."""
    accepted = X.inspect(name, data, kinds=X.LIBRARY_KINDS)
    return sandbox.extract(accepted.kind, accepted.data)


def make_pdf(text: str) -> bytes:
    """A minimal one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 10 100 Td ({text}) Tj ET".encode()
    objs = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


PDF = make_pdf("Interim storage of mercury")


def make_docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_sniff_ignores_names():
    assert X.sniff(PDF) == "pdf"
    assert X.sniff(make_docx("x")) == "docx"
    assert X.sniff(b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert X.sniff("plain text, café".encode()) == "txt"


def test_pdf_text_extracted():
    assert "Interim storage of mercury" in read(PDF).text


def test_docx_text_extracted():
    assert read(make_docx("Dental amalgam phase-down")).text == "Dental amalgam phase-down"


def test_html_scripts_dropped_never_run():
    html = b"<html><head><script>alert(1)</script><style>p{}</style></head><body><p>Hello <b>world</b></p><script>steal()</script><img src=x onerror=alert(2)></body></html>"
    text = read(html).text
    assert "Hello world" in text
    assert "alert" not in text and "steal" not in text and "<" not in text


def test_text_encodings():
    assert read("日本語と中文".encode("utf-16")).text == "日本語と中文"
    assert read("Déchets de mercure".encode("cp1252")).text == "Déchets de mercure"


@pytest.mark.parametrize(
    "data,needle",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03" * 100, "content is not a PDF"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "content is not a PDF"),
        (PDF[:60], "truncated"),
        (b"PK\x03\x04garbage", "content is not a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".doc"),
    ],
)
def test_broken_files_rejected_clearly(data, needle):
    with pytest.raises(UploadRejected) as exc:
        read(data)
    assert needle in str(exc.value)


def test_encrypted_pdf_rejected():
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(100, 100)
    w.encrypt("secret")
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(UploadRejected, match="encrypted"):
        read(buf.getvalue())


def test_docx_zip_bomb_rejected(monkeypatch):
    monkeypatch.setattr(X, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as f:
            for _ in range(5):
                f.write(b"\x00" * 1024 * 1024)
    with pytest.raises(UploadRejected, match="zip bomb"):
        read(buf.getvalue())


def test_zip_that_is_not_docx_rejected():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("evil.exe", b"MZ")
    with pytest.raises(UploadRejected, match="content is not a PDF"):
        read(buf.getvalue())


def test_huge_upload_rejected_before_reading(settings):
    settings.MAX_UPLOAD_BYTES = 25 * 1024 * 1024
    with pytest.raises(UploadRejected, match="largest file accepted"):
        X.check_size(200 * 1024 * 1024)


@pytest.fixture
def resource(ref_world):
    from minamata_kb.library.records import parse_record
    from minamata_kb.library.services import save_resource

    data = parse_record({"id": "r1", "title": "Storage", "language": "en", "text": "x"})
    data.provider = ref_world.org
    r, _ = save_resource(data, check_permission=False)
    return r


def test_attach_keeps_original_and_checksum(resource):
    f = attach_file(resource, name="../../etc/passwd.pdf", data=PDF, check_permission=False)
    assert f.sha256 == hashlib.sha256(PDF).hexdigest()
    assert f.original.read() == PDF
    assert "/" not in f.filename
    assert f.kind == "pdf" and f.language == "en"
    from minamata_kb.search.services import search

    assert search("interim storage").hits[0].id == "r1"


def test_rejected_upload_writes_nothing(resource):
    with pytest.raises(UploadRejected):
        attach_file(resource, name="x.pdf", data=PDF[:50], check_permission=False)
    assert ResourceFile.objects.count() == 0


def test_upload_page_permission_and_error(personas, resource):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/library/r/{resource.external_id}/upload/"
    r = personas.fp_a.client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert r.status_code == 403
    r = personas.partner.client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF[:40])})
    assert r.status_code == 400 and "truncated" in r.content.decode()
    assert ResourceFile.objects.count() == 0
    r = personas.partner.client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert r.status_code == 302
    assert ResourceFile.objects.filter(resource=resource).count() == 1
    assert Resource.objects.get(pk=resource.pk).files.count() == 1
