"""Permission boundaries of the submissions pages and API, per persona."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.submissions import services, statement_review
from minamata_kb.submissions.models import Call, Statement, Submission
from minamata_kb.submissions.tests.factories import fake_classify, make_call


@pytest.fixture
def world(personas: Any) -> tuple[Any, Call, Call, Submission, Statement]:
    call = make_call(personas.officer.user)
    draft = make_call(personas.officer.user, issued=False)
    w = personas.world
    sub = services.submit(
        personas.fp_a.user, call, party=w.party_a, upload=("gh.txt", b"We need help.\n\nThanks.")
    )
    proposed = services.propose_statements(personas.officer.user, sub, classify=fake_classify)[0]
    return personas, call, draft, sub, proposed


def _counts() -> tuple[int, int, int]:
    return Submission.objects.count(), Statement.objects.count(), ChangeRecord.objects.count()


@pytest.mark.django_db
def test_public_pages_answer_everyone_and_drafts_stay_hidden(world):
    personas, call, draft, sub, _st = world
    for persona in personas.all:
        for url in [
            "/submissions/",
            f"/submissions/calls/{call.pk}/",
            f"/submissions/s/{sub.pk}/",
            "/documents/",
            "/api/v1/calls",
            "/api/v1/submissions",
            "/api/v1/statements",
            "/api/v1/documents",
        ]:
            assert persona.client.get(url).status_code == 200, (persona.name, url)
        draft_status = persona.client.get(f"/submissions/calls/{draft.pk}/").status_code
        assert draft_status == (200 if persona is personas.officer else 404), persona.name
        api_ids = [c["id"] for c in persona.client.get("/api/v1/calls").json()["items"]]
        assert (draft.pk in api_ids) == (persona is personas.officer)


@pytest.mark.django_db
def test_original_download_and_proposals_visibility(world):
    personas, call, draft, sub, st = world
    body = personas.anon.client.get(f"/submissions/s/{sub.pk}/original/")
    assert body.status_code == 200 and b"".join(body.streaming_content).startswith(b"We need")
    # proposals are seen by the secretariat and the owner, not by others
    for persona, sees in [
        (personas.officer, True),
        (personas.fp_a, True),
        (personas.fp_b, False),
        (personas.anon, False),
    ]:
        ids = [s["id"] for s in persona.client.get("/api/v1/statements").json()["items"]]
        assert (st.pk in ids) == sees, persona.name


@pytest.mark.django_db
def test_review_screen_is_for_the_secretariat(world):
    personas, call, draft, sub, st = world
    assert personas.officer.client.get("/submissions/review/").status_code == 200
    assert "We need help." in personas.officer.client.get("/submissions/review/").content.decode()
    for persona in (personas.fp_a, personas.fp_b, personas.partner):
        assert persona.client.get("/submissions/review/").status_code == 403, persona.name
        r = persona.client.post(
            f"/submissions/statements/{st.pk}/review/", {f"st{st.pk}-decision": "confirm"}
        )
        assert r.status_code == 403
    assert personas.anon.client.get("/submissions/review/").status_code == 302
    st.refresh_from_db()
    assert st.status == "proposed"
    r = personas.officer.client.post(
        f"/submissions/statements/{st.pk}/review/",
        {
            f"st{st.pk}-decision": "edit",
            f"st{st.pk}-role": "challenge",
            f"st{st.pk}-text": "We need help.",
            f"st{st.pk}-topics": ["waste"],
            f"st{st.pk}-countries": "GHA, MEX",
        },
    )
    assert r.status_code == 302
    st.refresh_from_db()
    assert (st.status, st.role) == ("confirmed", "challenge")
    assert sorted(st.countries.values_list("iso3", flat=True)) == ["GHA", "MEX"]


@pytest.mark.django_db
def test_submit_page_refuses_another_party_and_writes_nothing(world):
    personas, call, draft, sub, st = world
    before = _counts()
    r = personas.fp_a.client.post(
        f"/submissions/calls/{call.pk}/submit/",
        {"party": personas.world.party_b.pk, "need-text": "Mexico needs things."},
    )
    assert r.status_code == 200 and _counts() == before  # the fixed party field refuses it
    assert "Select a valid choice" in r.content.decode()
    assert personas.anon.client.get(f"/submissions/calls/{call.pk}/submit/").status_code == 302


@pytest.mark.django_db
def test_submit_page_keeps_input_and_shows_errors_next_to_fields(world):
    personas, call, draft, sub, st = world
    before = _counts()
    r = personas.fp_a.client.post(
        f"/submissions/calls/{call.pk}/submit/",
        {
            "party": personas.world.party_a.pk,
            "need-text": "Training for inspectors.",
            "need-countries": "ZZZ",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200 and "Unknown country code." in html
    assert "Training for inspectors." in html and _counts() == before
    bad = SimpleUploadedFile("evil.html", b"<html><script>x()</script></html>", "text/html")
    r = personas.fp_a.client.post(
        f"/submissions/calls/{call.pk}/submit/", {"party": personas.world.party_a.pk, "file": bad}
    )
    assert "web page (HTML) with script" in r.content.decode() and _counts() == before


@pytest.mark.django_db
def test_oversize_upload_is_refused_before_reading(world, settings):
    personas, call, draft, sub, st = world
    settings.MAX_UPLOAD_BYTES = 1024
    before = _counts()
    big = SimpleUploadedFile("big.txt", b"a" * 5000, "text/plain")
    r = personas.fp_a.client.post(
        f"/submissions/calls/{call.pk}/submit/", {"party": personas.world.party_a.pk, "file": big}
    )
    assert "largest file accepted" in r.content.decode() and _counts() == before
    big = SimpleUploadedFile("big.txt", b"a" * 5000, "text/plain")
    r = personas.fp_a.client.post(
        "/api/v1/submissions", {"call": call.pk, "party": "GHA", "file": big}
    )
    assert r.status_code == 422 and _counts() == before


@pytest.mark.django_db
def test_submit_page_accepts_form_and_upload(world):
    personas, call, draft, sub, st = world
    r = personas.fp_a.client.post(
        f"/submissions/calls/{call.pk}/submit/",
        {
            "party": personas.world.party_a.pk,
            "need-text": "Training for inspectors.",
            "need-topics": ["asgm"],
            "support_received-text": "A GEF project.",
            "support_received-channel": "gef",
        },
    )
    assert r.status_code == 302
    new = Submission.objects.latest("id")
    assert new.party == personas.world.party_a and new.statements.count() == 2
    up = SimpleUploadedFile("org.txt", b"Centre activities in 2020.", "text/plain")
    r = personas.partner.client.post(
        f"/submissions/calls/{call.pk}/submit/",
        {"organisation": personas.world.org.pk, "file": up},
    )
    assert r.status_code == 302
    assert Submission.objects.latest("id").organisation == personas.world.org


@pytest.mark.django_db
def test_api_submission_boundaries(world):
    personas, call, draft, sub, st = world
    w = personas.world
    before = _counts()
    r = personas.fp_a.client.post(
        "/api/v1/submissions",
        {"call": call.pk, "party": "MEX", "file": SimpleUploadedFile("m.txt", b"mexico")},
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert _counts() == before
    r = personas.anon.client.post(
        "/api/v1/submissions",
        {"call": call.pk, "party": "GHA", "file": SimpleUploadedFile("m.txt", b"anon")},
    )
    assert r.status_code == 401 and _counts() == before
    r = personas.fp_a.client.post(
        "/api/v1/submissions",
        {"call": call.pk, "party": "GHA", "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
    )
    assert r.status_code == 422 and "named .pdf but its content" in json.dumps(r.json())
    r = personas.fp_b.client.post(
        "/api/v1/submissions",
        {
            "call": call.pk,
            "party": "MEX",
            "parts": json.dumps([{"role": "need", "text": "Apoyo técnico."}]),
        },
    )
    assert r.status_code == 201 and r.json()["party"] == "MEX" and r.json()["via"] == "form"
    assert (
        personas.fp_a.client.get("/api/v1/submissions?party=MEX").json()["items"][0]["party"]
        == "MEX"
    )
    assert w.party_b.submissions.count() == 1


@pytest.mark.django_db
def test_api_review_is_for_the_secretariat(world):
    personas, call, draft, sub, st = world
    url = f"/api/v1/statements/{st.pk}/review"
    for persona in (personas.fp_a, personas.partner, personas.anon):
        r = persona.client.post(url, {"decision": "confirm"}, content_type="application/json")
        assert r.status_code == (401 if persona is personas.anon else 403), persona.name
    r = personas.officer.client.post(
        url,
        {"decision": "edit", "changes": {"topics": ["waste"], "role": "need"}},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert r.json()["topics"] == ["waste"]
    r = personas.anon.client.get("/api/v1/statements?party=GHA&role=need")
    assert [s["id"] for s in r.json()["items"]] == [st.pk]


@pytest.mark.django_db
def test_party_profile_section_and_attention(world):
    personas, call, draft, sub, st = world
    page = personas.anon.client.get("/registry/parties/GHA/").content.decode()
    assert f"S-{sub.pk}" in page
    home = personas.officer.client.get("/").content.decode()
    assert "Statements waiting for review" in home
    assert "Statements waiting for review" not in personas.fp_a.client.get("/").content.decode()


@pytest.mark.django_db
def test_officer_creates_and_issues_a_call(personas):
    c = personas.officer.client
    r = c.post(
        "/submissions/calls/new/",
        {
            "decision": "MC-5/1",
            "title": "New call",
            "deadline": "2099-01-01",
            "addressees": ["parties"],
            "reminders": "2098-12-01, 2098-12-15",
        },
    )
    assert r.status_code == 302
    from minamata_kb.submissions.models import Call

    call = Call.objects.get(title="New call")
    assert call.reminder_dates == ["2098-12-01", "2098-12-15"] and call.status == "draft"
    assert personas.fp_a.client.post(f"/submissions/calls/{call.pk}/issue/").status_code == 403
    assert c.post(f"/submissions/calls/{call.pk}/issue/").status_code == 302
    call.refresh_from_db()
    assert call.status == "open"
    assert personas.fp_a.client.get("/submissions/calls/new/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-hans", "信息征集"),
        ("ar", "طلبات المعلومات"),
        ("ru", "Запросы информации"),
        ("fr", "Appels à informations"),
        ("es", "Solicitudes de información"),
    ],  # fmt: skip
)
def test_call_pages_are_translated(personas, lang, words):
    make_call(personas.officer.user)
    from django.utils import translation

    personas.anon.client.cookies["django_language"] = lang
    try:
        assert words in personas.anon.client.get("/submissions/").content.decode()
    finally:
        translation.activate("en")  # the middleware leaves the language active


@pytest.mark.django_db
def test_new_version_and_withdrawal_pages(world):
    personas, call, draft, sub, st = world
    url = f"/submissions/calls/{call.pk}/submit/?replaces={sub.pk}"
    assert "new version of submission" in personas.fp_a.client.get(url).content.decode()
    up = SimpleUploadedFile("gh2.txt", b"Second version.", "text/plain")
    r = personas.fp_a.client.post(url, {"party": personas.world.party_a.pk, "file": up})
    assert r.status_code == 302
    new = Submission.objects.latest("id")
    sub.refresh_from_db()
    assert (new.version, new.replaces_id, sub.is_current) == (2, sub.pk, False)
    withdraw = f"/submissions/s/{new.pk}/withdraw/"
    assert personas.fp_b.client.post(withdraw, {"reason": "not mine"}).status_code == 403
    assert personas.fp_b.client.get(withdraw).status_code == 403
    # the detail page offers a link to a confirmation step, not a one-click button
    detail = personas.fp_a.client.get(f"/submissions/s/{new.pk}/").content.decode()
    assert f'href="{withdraw}"' in detail and f'action="{withdraw}"' not in detail
    confirm = personas.fp_a.client.get(withdraw)
    assert confirm.status_code == 200 and 'name="reason"' in confirm.content.decode()
    # without a reason (or blanks only): refused, nothing changes, nothing recorded
    from minamata_kb.audit.models import ChangeRecord

    before = ChangeRecord.objects.count()
    for data in ({}, {"reason": "   "}):
        r = personas.fp_a.client.post(withdraw, data)
        assert r.status_code == 400 and "the reason is required" in r.content.decode()
        new.refresh_from_db()
        assert new.status == "received"
    assert ChangeRecord.objects.count() == before
    r = personas.fp_a.client.post(withdraw, {"reason": "Sent the wrong file"})
    assert r.status_code == 302
    new.refresh_from_db()
    assert new.status == "withdrawn"
    rec = ChangeRecord.objects.filter(action="withdraw").latest("id")
    assert rec.note == "Sent the wrong file"


@pytest.mark.django_db
def test_confirmed_need_statements_show_the_matches_panel(world):
    personas, call, draft, sub, st = world
    page = f"/submissions/s/{sub.pk}/"
    assert f'id="st-{st.pk}-matches"' not in personas.officer.client.get(page).content.decode()
    statement_review.review_statement(personas.officer.user, st, "edit", {"role": "need"})
    body = personas.officer.client.get(page).content.decode()
    assert f'id="st-{st.pk}-matches"' in body and 'class="matches-panel"' in body


@pytest.mark.django_db
def test_the_version_line_lists_one_submissions_versions_only(world):
    """A party that sends two separate submissions to a call has two version 1s: the detail
    page listed every submission of its sender to the call as a version ('1 · v1 · v1')."""
    personas, call, draft, sub, st = world
    party = personas.world.party_a
    other = services.submit(
        personas.fp_a.user, call, party=party, upload=("gh-b.txt", b"A separate submission.")
    )
    second = services.submit(
        personas.fp_a.user, call, party=party, upload=("gh2.txt", b"Corrected."), replaces=sub
    )
    page = personas.fp_a.client.get(f"/submissions/s/{second.pk}/").content.decode()
    assert f'href="/submissions/s/{sub.pk}/">v1</a>' in page
    assert f'href="/submissions/s/{other.pk}/"' not in page
    page = personas.fp_a.client.get(f"/submissions/s/{other.pk}/").content.decode()
    assert f'href="/submissions/s/{sub.pk}/"' not in page
    assert f'href="/submissions/s/{second.pk}/"' not in page
    page = personas.fp_a.client.get(f"/submissions/s/{sub.pk}/").content.decode()
    assert f'href="/submissions/s/{second.pk}/">v2</a>' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "party", "arabic"), [("zh-hans", "加纳", "阿拉伯语"), ("ar", "غانا", "العربية")]
)
def test_submit_form_and_review_filter_name_things_in_the_page_language(world, lang, party, arabic):
    """The submission form offered the languages as codes ('ar', 'zh') and the party by its
    English name on Chinese and Arabic pages; so did the review screen's party filter."""
    from django.utils import translation

    personas, call, draft, sub, st = world
    try:
        for persona, url in (
            (personas.fp_a, f"/submissions/calls/{call.pk}/submit/"),
            (personas.officer, "/submissions/review/"),
        ):
            persona.client.cookies["django_language"] = lang
            page = persona.client.get(url).content.decode()
            assert f">{party}</option>" in page and ">Ghana</option>" not in page, url
        assert (
            f'<option value="ar">{arabic}</option>'
            in personas.fp_a.client.get(f"/submissions/calls/{call.pk}/submit/").content.decode()
        )
    finally:
        translation.activate("en")
