"""Hostile uploads on every path (issue 15 items 3, 4 and 10): checks, limits, states.

The files are built here (core/tests/hostile_files.py). Each test fails on the code before
core/files.py: there, extraction ran in the request, in the server process, without limits.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import Settings

from minamata_kb.core import files, filetext, sandbox
from minamata_kb.core.tests import hostile_files as H
from minamata_kb.submissions.models import Call, Submission
from minamata_kb.submissions.tests.factories import make_call

JS_ESCAPED = H.text_pdf("x", catalog_extra=b"/OpenAction<</S/J#61vaScript/J#53 (app.alert(1))>>")
JS_LINK = H.text_pdf("x", catalog_extra=b"/OpenAction<</S/URI/URI(\\152avascript:alert(1))>>")


@pytest.fixture(autouse=True)
def _hash_embedder(settings: Settings) -> Iterator[None]:
    from minamata_kb.search.index import invalidate

    settings.SEARCH_EMBEDDERS = ["hash"]
    invalidate()
    yield
    invalidate()


def submit_page(persona: Any, call: Call, name: str, data: bytes) -> tuple[Any, float]:
    started = time.monotonic()
    r = persona.client.post(
        f"/submissions/calls/{call.pk}/submit/",
        {"party": persona.user.role.party_id, "file": SimpleUploadedFile(name, data)},
    )
    return r, time.monotonic() - started


# --- checks in the request (item 10) ---------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        JS_ESCAPED,
        JS_LINK,
        H.text_pdf("x", catalog_extra=b"/Names<</Embedded#46iles 9 0 R>>"),
        H.text_pdf("x", catalog_extra=b"/AcroForm<</X#46A 9 0 R>>"),
        H.text_pdf(
            "x", catalog_extra=b"/OpenAction<</S/URI/URI<6A6176617363726970743A616C6572742831>>>"
        ),
    ],
)
def test_pdf_names_are_decoded_before_the_active_content_check(data):
    with pytest.raises(files.UploadRejected) as err:
        files.inspect("report.pdf", data)
    assert err.value.code == "active_content"


def test_a_plain_pdf_and_a_harmless_link_pass():
    ok = H.text_pdf("x", catalog_extra=b"/OpenAction<</S/URI/URI(https://mercuryconvention.org)>>")
    assert files.inspect("report.pdf", ok).kind == "pdf"


@pytest.mark.django_db
def test_script_pdf_with_name_escapes_refused_on_submission_and_library(personas):
    from minamata_kb.library.models import ResourceFile

    call = make_call(personas.officer.user)
    r, _ = submit_page(personas.fp_a, call, "report.pdf", JS_ESCAPED)
    assert r.status_code == 200 and "scripts or actions" in r.content.decode()
    assert not Submission.objects.filter(call=call).exists()
    resource = _resource(personas)
    url = f"/library/r/{resource.external_id}/upload/"
    r = personas.partner.client.post(url, {"file": SimpleUploadedFile("a.pdf", JS_ESCAPED)})
    assert r.status_code == 400 and "scripts or actions" in r.content.decode()
    assert ResourceFile.objects.count() == 0


@pytest.mark.django_db
def test_library_refuses_extension_content_mismatch(personas):
    from minamata_kb.library.models import ResourceFile

    resource = _resource(personas)
    url = f"/library/r/{resource.external_id}/upload/"
    pdf = H.text_pdf("Interim storage")
    r = personas.partner.client.post(url, {"file": SimpleUploadedFile("notes.docx", pdf)})
    assert r.status_code == 400 and "named .docx but its content is a PDF" in r.content.decode()
    r = personas.partner.client.post(url, {"file": SimpleUploadedFile("page.txt", pdf)})
    assert r.status_code == 400
    assert ResourceFile.objects.count() == 0


def test_script_hidden_in_a_compressed_object_stream_fails_extraction():
    import zlib

    hidden = zlib.compress(b"9 0 <</S/JavaScript/JS (app.alert(1))>>")
    data = H.pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>",
            b"<</Type/ObjStm/N 1/First 4/Length %d/Filter/FlateDecode>>stream\n" % len(hidden)
            + hidden
            + b"\nendstream",
        ]
    )
    assert files.inspect("a.pdf", data).kind == "pdf"  # the bytes show nothing
    assert sandbox.extract("pdf", data).error == "active_content"


# --- limits of extraction (items 3 and 4) ----------------------------------------------------


@pytest.mark.slow
def test_shared_content_stream_pdf_is_read_once_per_stream():
    data = H.shared_stream_pdf(pages=400)
    started = time.monotonic()
    result = sandbox.extract("pdf", data, timeout=30)
    assert result.error == "" and time.monotonic() - started < 15


@pytest.mark.slow
def test_slow_pdf_is_stopped_at_the_time_limit():
    data = H.distinct_streams_pdf(pages=60)  # ~30 s of parsing
    started = time.monotonic()
    result = sandbox.extract("pdf", data, timeout=2)
    assert result.error == "timeout" and result.text == ""
    assert time.monotonic() - started < 6
    assert "longer than" in files.failure_message("timeout")


@pytest.mark.slow
def test_memory_hungry_file_is_stopped_by_the_memory_limit():
    html = b"<html><body>" + b"<p>mercury waste storage</p>" * 700_000 + b"</body></html>"
    result = sandbox.extract("html", html, memory_mb=64)
    assert result.error == "memory" and result.text == ""
    assert "memory" in files.failure_message("memory")


@pytest.mark.slow
def test_padded_docx_under_the_ratio_is_cut_at_the_character_cap():
    data = H.padded_docx(20)
    assert files.inspect("big.docx", data).kind == "docx"  # passes the archive checks
    started = time.monotonic()
    result = sandbox.extract("docx", data, max_chars=50_000, memory_mb=128)
    assert result.error == "" and result.truncated and len(result.text) == 50_000
    assert time.monotonic() - started < 15


@pytest.mark.django_db
@pytest.mark.slow
def test_slow_upload_answers_quickly_and_is_recorded_as_failed(personas, settings):
    settings.EXTRACT_TIMEOUT_SECONDS = 2
    call = make_call(personas.officer.user)
    r, took = submit_page(personas.fp_a, call, "slow.pdf", H.distinct_streams_pdf(pages=60))
    assert r.status_code == 302 and took < 10
    sub = Submission.objects.get(call=call)
    assert sub.extraction_state == filetext.State.FAILED and sub.extraction_error == "timeout"
    assert sub.text == "" and not sub.text_truncated  # nothing half-written
    page = personas.fp_a.client.get(f"/submissions/s/{sub.pk}/").content.decode()
    assert 'data-state="failed"' in page and "longer than 2 seconds" in page
    api = personas.fp_a.client.get(f"/api/v1/submissions/{sub.pk}").json()
    assert api["extraction_state"] == "failed" and "longer than" in api["extraction_error"]
    assert personas.anon.client.get("/healthz").status_code == 200


@pytest.mark.django_db
@pytest.mark.slow
def test_huge_docx_text_is_capped_and_the_cap_recorded(personas, settings):
    settings.MAX_EXTRACTED_CHARS = 30_000
    call = make_call(personas.officer.user)
    r, took = submit_page(personas.fp_a, call, "big.docx", H.padded_docx(20))
    assert r.status_code == 302 and took < 20
    sub = Submission.objects.get(call=call)
    assert sub.extraction_state == filetext.State.DONE and sub.text_truncated
    assert len(sub.text) == 30_000
    page = personas.anon.client.get(f"/submissions/s/{sub.pk}/").content.decode()
    assert "Only the beginning of the text was kept" in page
    assert "Part 1 of 2" in page and len(page) < 30_000 + 20_000


@pytest.mark.django_db
def test_database_backend_returns_pending_and_the_worker_reads_it(personas, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call = make_call(personas.officer.user)
    r, took = submit_page(personas.fp_a, call, "r.docx", H.padded_docx(1))
    assert r.status_code == 302 and took < 5
    sub = Submission.objects.get(call=call)
    assert sub.extraction_state == filetext.State.PENDING and sub.text == ""
    page = personas.fp_a.client.get(f"/submissions/s/{sub.pk}/").content.decode()
    assert 'data-state="pending"' in page
    queued = DBTaskResult.objects.get(task_path__endswith="extract_submission_task")
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])  # the worker
    sub.refresh_from_db()
    assert sub.extraction_state == filetext.State.DONE and "mercury" in sub.text


@pytest.mark.django_db
def test_library_file_failing_for_memory_leaves_no_text(personas, settings):
    from minamata_kb.library.models import ResourceFile
    from minamata_kb.search.models import Passage

    settings.EXTRACT_MEMORY_MB = 64
    resource = _resource(personas)
    html = b"<html><body>" + b"<p>quicksilver storage</p>" * 700_000 + b"</body></html>"
    url = f"/library/r/{resource.external_id}/upload/"
    r = personas.partner.client.post(url, {"file": SimpleUploadedFile("big.html", html)})
    assert r.status_code == 302
    f = ResourceFile.objects.get(resource=resource)
    assert f.extraction_state == filetext.State.FAILED and f.extraction_error == "memory"
    assert f.extracted_text == ""
    assert not Passage.objects.filter(text__contains="quicksilver").exists()
    page = personas.partner.client.get(resource.get_absolute_url()).content.decode()
    assert "more than 64 MB of memory" in page


@pytest.mark.django_db
def test_indexing_is_bounded_in_passages(personas, settings):
    from minamata_kb.search.indexing import index_resource

    settings.MAX_INDEXED_PASSAGES = 5
    resource = _resource(personas, text="Mercury storage rules. " * 2000)
    assert index_resource(resource.pk) == 5


@pytest.mark.django_db
def test_snapshot_api_truncates_long_texts_with_a_marker(personas):
    from minamata_kb.documents.snapshot import take_snapshot
    from minamata_kb.submissions import services

    call = make_call(personas.officer.user)
    long = ("Mercury waste. " * 3000).encode()
    sub = services.submit(
        personas.fp_a.user, call, party=personas.world.party_a, upload=("a.txt", long)
    )
    snap = take_snapshot(personas.officer.user, call)
    body = personas.anon.client.get(f"/api/v1/snapshots/{snap.pk}").json()
    out = next(s for s in body["data"]["submissions"] if s["id"] == sub.pk)
    assert out["text_truncated"] and out["text_length"] == len(sub.text)
    assert len(out["text"]) < filetext.TEXT_PAGE_CHARS + 50 and out["text"].endswith("(truncated)")
    assert out["text_url"] == f"/submissions/s/{sub.pk}/"


def _resource(personas: Any, text: str = "x") -> Any:
    from minamata_kb.library.records import parse_record
    from minamata_kb.library.services import save_resource

    data = parse_record(
        {"id": "r1", "title": "Storage", "language": "en", "text": text, "published": True}
    )
    data.provider = personas.world.org
    r, _ = save_resource(data, check_permission=False)
    return r


def test_xlsx_zip_bomb_refused_like_a_docx():
    import io
    import zipfile

    from minamata_kb.core.importing import ImportRejected
    from minamata_kb.core.tabular import check_xlsx

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            for _ in range(70):
                fh.write(b" " * (1024 * 1024))
    with pytest.raises(ImportRejected, match="zip bomb"):
        check_xlsx(buf.getvalue(), "filled.xlsx")


def test_serve_runs_the_worker_beside_the_server_and_stops_both():
    from minamata_kb.core.management.commands.serve import run_together

    started = time.monotonic()
    status = run_together([["sleep", "30"], ["sh", "-c", "sleep 0.3; exit 3"]])
    assert status == 3 and time.monotonic() - started < 10  # the sleeper was stopped too


@pytest.mark.django_db
def test_classifier_reads_a_bounded_part_of_a_long_text(personas):
    from minamata_kb.submissions import services

    call = make_call(personas.officer.user)
    long = ("We need training. " * 20_000).encode()  # 360,000 characters
    sub = services.submit(
        personas.fp_a.user, call, party=personas.world.party_a, upload=("a.txt", long)
    )
    seen: list[int] = []

    def classify(text: str) -> list[tuple[str, Any]]:
        seen.append(len(text))
        return []

    services.propose_statements(None, sub, classify=classify)
    assert seen == [services.PROPOSAL_CHARS]


@pytest.mark.django_db
def test_library_upload_is_pending_until_the_worker_reads_and_indexes_it(personas, settings):
    from django_tasks_db.models import DBTaskResult

    from minamata_kb.library.models import ResourceFile
    from minamata_kb.search.models import Passage

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    resource = _resource(personas)
    url = f"/library/r/{resource.external_id}/upload/"
    pdf = H.text_pdf("Interim storage of quicksilver")
    r = personas.partner.client.post(url, {"file": SimpleUploadedFile("a.pdf", pdf)})
    assert r.status_code == 302
    f = ResourceFile.objects.get(resource=resource)
    assert f.extraction_state == filetext.State.PENDING and f.extracted_text == ""
    page = personas.partner.client.get(resource.get_absolute_url()).content.decode()
    assert 'data-state="pending"' in page
    queued = DBTaskResult.objects.get(task_path__endswith="extract_file_task")
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    f.refresh_from_db()
    assert f.extraction_state == filetext.State.DONE and "quicksilver" in f.extracted_text
    for index in DBTaskResult.objects.filter(task_path__endswith="index_resource_task"):
        index.task.call(*index.args_kwargs["args"], **index.args_kwargs["kwargs"])
    assert Passage.objects.filter(resource=resource, text__contains="quicksilver").exists()
