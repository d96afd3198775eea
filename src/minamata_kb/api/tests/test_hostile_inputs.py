"""The inputs that answered 500 (issue 15 item 9) answer in the API envelope, write nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from minamata_kb.api.tests.openapi_ops import row_counts
from minamata_kb.api.tests.world import build_world
from minamata_kb.core.tests.test_tabular import LAUGHS, xlsx_with_dtd

HUGE = str(2**70)


@pytest.fixture
def world(db: None, settings: Settings) -> Any:
    settings.SEARCH_EMBEDDERS = ["hash"]
    return build_world()


def client_for(user: Any) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


def envelope(r: Any, status: int | set[int]) -> dict[str, Any]:
    allowed = {status} if isinstance(status, int) else status
    assert r.status_code in allowed, (r.status_code, r.content[:300])
    assert r["Content-Type"].startswith("application/json"), r.content[:200]
    body = json.loads(r.content)
    assert set(body["error"]) == {"code", "message", "details"}
    return body


def check_reads_with_integers_beyond_64_bits(world: Any) -> None:
    c = client_for(world.officer)
    for url in [
        f"/api/v1/resources?offset={HUGE}",
        f"/api/v1/submissions?call={HUGE}",
        f"/api/v1/documents?call={HUGE}",
        f"/api/v1/statements?call={HUGE}",
    ]:
        body = envelope(c.get(url), 422)
        assert "64 bits" in body["error"]["details"][0]["message"], url
    envelope(c.get("/api/v1/search?q=mercury%00"), 422)


def check_writes_with_hostile_json(world: Any) -> None:
    officer, fp, editor = (client_for(u) for u in (world.officer, world.focal_point, world.editor))
    v = world.values
    cases = [
        (fp, "post", "/api/v1/needs", f'{{"party": "GHA", "text": "x", "articles": [{HUGE}]}}'),
        (fp, "post", "/api/v1/requests",
         f'{{"kind": "x", "title": "t", "text": "x", "articles": [{HUGE}]}}'),
        (editor, "post", "/api/v1/resources", f'{{"id": "zz-1", "title": "t", "articles": [{HUGE}]}}'),
        (editor, "post", "/api/v1/resources", '{"id": "zz-1", "title": "t", "articles": "abc"}'),
        (officer, "put", f"/api/v1/events/{v['code']}/participation",
         f'[{{"country": "GHA", "women": {HUGE}}}]'),
        (officer, "post", "/api/v1/needs", "[" * 50_000 + "]" * 50_000),
        (fp, "post", "/api/v1/needs", '{"party": "GHA", "text": "x", "language": "<b>x</b>"}'),
        (officer, "post", "/api/v1/needs", '{"party": "GHA", "text": NaN}'),
        (officer, "post", "/api/v1/needs", '{"party": "GHA", "text": "a\\u0000b"}'),
        (officer, "post", "/api/v1/needs", '{"party": "GHA", "text": "\\ud800"}'),
        (officer, "post", "/api/v1/needs", '{"party": "GHA", "text": "x", "articles": [1e400]}'),
    ]  # fmt: skip
    for changes in [
        {"articles": "NaN"},
        {"articles": 5},
        {"articles": [HUGE]},
        {"topics": [[1]]},
        {"countries": 5},
        {"amount": "NaN"},
        {"amount": "Infinity"},
        {"amount": [1]},
    ]:
        body = json.dumps({"decision": "edit", "changes": changes})
        cases.append((officer, "post", f"/api/v1/statements/{v['statement_id']}/review", body))
    for client, method, url, body in cases:
        before = row_counts()
        r = getattr(client, method)(url, data=body, content_type="application/json")
        envelope(r, {400, 422})
        assert row_counts() == before, (url, body[:100])


def check_submission_form_fields(world: Any) -> None:
    fp = client_for(world.focal_point)
    call = str(world.call.pk)
    cases: list[tuple[dict[str, str], int | set[int]]] = [
        ({"call": HUGE, "party": "GHA"}, 422),
        ({"call": call, "party": "GHA", "parts": "[1,2]"}, 422),
        ({"call": call, "party": "GHA", "parts": "[" * 5_000 + "]" * 5_000}, {400, 422}),
        ({"call": call, "party": "GHA", "parts": '[{"role": "need", "text": "x", "articles": "abc"}]'}, 422),
        ({"call": call, "party": "GHA", "parts": '[{"text": "x", "amount": NaN}]'}, 422),
        ({"call": call, "party": "GHA\x00"}, 422),
    ]  # fmt: skip
    for data, status in cases:
        before = row_counts()
        envelope(fp.post("/api/v1/submissions", data), status)
        assert row_counts() == before, data


def check_bodies_over_the_limits(world: Any, settings: Settings) -> None:
    c = client_for(world.officer)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    envelope(
        c.post("/api/v1/needs", data="[" + "1," * 2000 + "1]", content_type="application/json"), 413
    )
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    form = {f"f{i}": "x" for i in range(20)}
    envelope(c.post("/api/v1/submissions", form), 400)


def check_paths_of_the_wrong_shape_get_the_envelope(world: Any) -> None:
    c = client_for(world.officer)
    envelope(c.post("/api/v1/needs/zz%2Fpoison/matches"), 404)
    envelope(c.get("/api/v1/no-such-thing"), 404)


def check_national_report_upload_with_a_dtd_is_a_clean_refusal(world: Any) -> None:
    from minamata_kb.national_reports.models import NationalReport

    report = (
        NationalReport.objects.filter(party__code="GHA").first() or NationalReport.objects.first()
    )
    assert report is not None
    c = client_for(world.officer)
    before = row_counts()
    upload = SimpleUploadedFile("r.xlsx", xlsx_with_dtd(LAUGHS))
    r = c.post(f"/national-reports/reports/{report.pk}/upload/", {"file": upload})
    assert r.status_code == 400, r.status_code
    assert "DTD" in r.content.decode()
    assert row_counts() == before


@pytest.mark.integration
def test_inputs_that_answered_500(world: Any, settings: Settings) -> None:
    """One world (it takes seconds to build) for every case."""
    check_reads_with_integers_beyond_64_bits(world)
    check_writes_with_hostile_json(world)
    check_submission_form_fields(world)
    check_paths_of_the_wrong_shape_get_the_envelope(world)
    check_national_report_upload_with_a_dtd_is_a_clean_refusal(world)
    check_bodies_over_the_limits(world, settings)
