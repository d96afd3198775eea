"""Submissions: who may submit for whom, originals kept byte for byte, versions, bad uploads."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from pytest_django import Settings

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.submissions import calls, reminders, services, statement_review
from minamata_kb.submissions.models import Call, Statement, Submission
from minamata_kb.submissions.tests.factories import (
    docx_bytes,
    fake_classify,
    make_call,
    pdf_bytes,
)

TEXT = b"Ghana needs training for mining extension officers.\n\nWe gave support to others.\n"


def _written() -> tuple[int, int, int]:
    return Submission.objects.count(), Statement.objects.count(), ChangeRecord.objects.count()


def _files(settings: Settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_focal_point_submits_for_own_party_and_the_original_is_kept(personas, settings):
    call = make_call(personas.officer.user)
    w = personas.world
    sub = services.submit(
        personas.fp_a.user, call, party=w.party_a, upload=("ghana.txt", TEXT), language="en"
    )
    assert sub.sha256 == hashlib.sha256(TEXT).hexdigest()
    assert sub.original.open("rb").read() == TEXT
    assert sub.size == len(TEXT) and sub.content_type == "text/plain" and not sub.late
    assert (
        ChangeRecord.objects.filter(entity="submissions.submission", action="create").count() == 1
    )


@pytest.mark.django_db
def test_focal_point_for_another_party_is_refused_and_nothing_is_written(personas, settings):
    call = make_call(personas.officer.user)
    before, files = _written(), _files(settings)
    with pytest.raises(PermissionDenied):
        services.submit(
            personas.fp_a.user, call, party=personas.world.party_b, upload=("x.txt", TEXT)
        )
    with pytest.raises(PermissionDenied):  # nor parts through the form path
        services.submit(
            personas.fp_a.user,
            call,
            party=personas.world.party_b,
            parts=[{"role": "need", "text": "We need help."}],
        )
    assert _written() == before and _files(settings) == files


@pytest.mark.django_db
def test_submitter_boundaries_per_persona(personas):
    call = make_call(personas.officer.user)
    w = personas.world
    refused = [
        (personas.fp_a, {"organisation": w.org}),
        (personas.fp_b, {"party": w.party_a}),
        (personas.partner, {"organisation": w.other_org}),
        (personas.partner, {"party": w.party_a}),
        (personas.anon, {"party": w.party_a}),
    ]
    for persona, who in refused:
        before = _written()
        with pytest.raises(PermissionDenied):
            services.submit(
                persona.user, call, upload=("a.txt", b"text " + persona.name.encode()), **who
            )
        assert _written() == before, persona.name
    ok = services.submit(personas.partner.user, call, organisation=w.org, upload=("o.txt", b"org"))
    assert ok.organisation == w.org
    # an officer records a regional centre's report sent by its host party (seed ¶8)
    on_behalf = services.submit(
        personas.officer.user,
        call,
        party=w.party_b,
        organisation=w.org,
        upload=("c.txt", b"centre report"),
        received_at=dt.datetime(2020, 1, 5, tzinfo=dt.UTC),
    )
    assert on_behalf.recorded_by == personas.officer.user
    with pytest.raises(PermissionDenied):  # only the secretariat back-dates a receipt
        services.submit(
            personas.fp_a.user,
            call,
            party=w.party_a,
            upload=("d.txt", b"x"),
            received_at=dt.datetime(2020, 1, 5, tzinfo=dt.UTC),
        )


@pytest.mark.django_db
def test_draft_call_is_closed_to_focal_points(personas):
    call = make_call(personas.officer.user, issued=False)
    with pytest.raises(PermissionDenied):
        services.submit(
            personas.fp_a.user, call, party=personas.world.party_a, upload=("a.txt", b"x")
        )


@pytest.mark.django_db
def test_duplicate_upload_is_detected_by_checksum(personas):
    call = make_call(personas.officer.user)
    w = personas.world
    first = services.submit(personas.fp_a.user, call, party=w.party_a, upload=("a.txt", TEXT))
    before = _written()
    with pytest.raises(ValidationError) as err:
        services.submit(personas.fp_a.user, call, party=w.party_a, upload=("again.txt", TEXT))
    assert f"S-{first.pk}" in str(err.value) and "SHA-256" in str(err.value)
    assert _written() == before
    dup = services.submit(
        personas.officer.user, call, party=w.party_a, upload=("b.txt", TEXT), allow_duplicate=True
    )
    assert dup.duplicate_of == first


@pytest.mark.django_db
def test_late_submission_is_accepted_and_flagged(personas):
    call = make_call(personas.officer.user, deadline=dt.date(2020, 1, 1))
    sub = services.submit(
        personas.fp_a.user, call, party=personas.world.party_a, upload=("a.txt", b"late text")
    )
    assert sub.late is True


@pytest.mark.django_db
def test_resubmission_is_a_new_version_and_never_overwrites(personas):
    call = make_call(personas.officer.user)
    w = personas.world
    v1 = services.submit(personas.fp_a.user, call, party=w.party_a, upload=("a.txt", b"one"))
    v2 = services.submit(
        personas.fp_a.user, call, party=w.party_a, upload=("a.txt", b"two"), replaces=v1
    )
    v1.refresh_from_db()
    assert (v2.version, v2.replaces, v2.is_current, v1.is_current) == (2, v1, True, False)
    assert (
        v1.original.open("rb").read() == b"one" and v1.sha256 == hashlib.sha256(b"one").hexdigest()
    )
    with pytest.raises(ValidationError):  # a replaced version cannot be replaced again
        services.submit(
            personas.fp_a.user, call, party=w.party_a, upload=("a.txt", b"three"), replaces=v1
        )
    with pytest.raises(ValidationError):  # nor by another submitter
        services.submit(
            personas.officer.user, call, party=w.party_b, upload=("b.txt", b"four"), replaces=v2
        )


@pytest.mark.django_db
def test_original_is_immutable(personas):
    call = make_call(personas.officer.user)
    sub = services.submit(
        personas.fp_a.user, call, party=personas.world.party_a, upload=("a.txt", b"orig")
    )
    sub.text = "changed"
    with pytest.raises(ValidationError):
        sub.save()
    sub.refresh_from_db()
    sub.language = "fr"  # metadata may change
    sub.save()


@pytest.mark.django_db
def test_withdrawn_by_owner_only(personas):
    call = make_call(personas.officer.user)
    sub = services.submit(
        personas.fp_a.user, call, party=personas.world.party_a, upload=("a.txt", b"w")
    )
    with pytest.raises(PermissionDenied):
        services.withdraw_submission(personas.fp_b.user, sub)
    services.withdraw_submission(personas.fp_a.user, sub, "sent by mistake")
    sub.refresh_from_db()
    assert sub.status == "withdrawn"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("big.txt", b"x" * 3000, "too_large", "largest file accepted"),
        ("tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "wrong_type", "not a PDF"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "wrong_type", "not a PDF"),
        ("report.docx", pdf_bytes(), "type_mismatch", "named .docx"),
        ("locked.pdf", pdf_bytes(encrypt=True), "encrypted", "password-protected"),
        ("cut.pdf", pdf_bytes()[:-60], "truncated", "truncated"),
        (
            "js.pdf",
            pdf_bytes().replace(
                b"/Type /Catalog",
                b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
            ),
            "active_content",
            "scripts",
        ),
        ("page.html", b"<html><body><script>alert(1)</script></body></html>", "html", "script"),
        ("note.txt", b"Hello <script>steal()</script>", "html", "script"),
        ("link.txt", b"Click javascript:alert(1) now", "script", "script"),
        ("empty.txt", b"", "empty", "empty"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 40, "wrong_type", "not a PDF"),
    ],
)
def test_bad_uploads_get_clear_errors_and_write_nothing(
    personas, settings, name, data, code, words
):
    settings.MAX_UPLOAD_BYTES = 2048
    call = make_call(personas.officer.user)
    before, files = _written(), _files(settings)
    with pytest.raises(ValidationError) as err:
        services.submit(personas.fp_a.user, call, party=personas.world.party_a, upload=(name, data))
    assert err.value.code == code
    assert words in " ".join(err.value.messages)
    assert _written() == before and _files(settings) == files


@pytest.mark.django_db
def test_docx_and_pdf_uploads_are_read(personas):
    call = make_call(personas.officer.user)
    w = personas.world
    d = services.submit(
        personas.fp_a.user,
        call,
        party=w.party_a,
        upload=("r.docx", docx_bytes("Nous avons besoin d'aide.\n\nMerci.")),
    )
    assert "besoin" in d.text and d.content_type.endswith("document") and d.language == "fr"
    p = services.submit(personas.fp_a.user, call, party=w.party_a, upload=("r.pdf", pdf_bytes()))
    assert p.content_type == "application/pdf"


@pytest.mark.django_db
def test_structured_parts_become_proposed_statements(personas):
    call = make_call(personas.officer.user)
    w = personas.world
    sub = services.submit(
        personas.fp_a.user,
        call,
        party=w.party_a,
        parts=[
            {"role": "need", "text": "Training on ASGM.", "topics": ["asgm"], "articles": [7]},
            {
                "role": "support_received",
                "text": "A GEF project.",
                "channel": "gef",
                "amount": "1000",
                "currency": "usd",
                "period_start": "2019-01-01",
                "period_end": "2020-12-31",
                "countries": ["GHA"],
            },  # fmt: skip
            {"role": "challenge", "text": "  "},
        ],
    )
    assert sub.via == "form" and b"Training on ASGM." in sub.original.open("rb").read()
    sts = list(sub.statements.order_by("position"))
    assert [s.role for s in sts] == ["need", "support_received"]
    assert all(s.status == "proposed" for s in sts)
    assert sts[1].channel is not None
    assert sts[1].currency == "USD" and sts[1].channel.slug == "gef"
    assert list(sts[0].articles.values_list("number", flat=True)) == [7]
    with pytest.raises(ValidationError) as err:
        services.submit(
            personas.fp_a.user,
            call,
            party=w.party_a,
            parts=[{"role": "need", "text": "x", "topics": ["nope"], "amount": "-3"}],
        )
    assert "part 1.topics" in err.value.message_dict and "part 1.amount" in err.value.message_dict


@pytest.mark.django_db
def test_classifier_proposals_and_officer_review(personas):
    call = make_call(personas.officer.user)
    sub = services.submit(
        personas.fp_a.user, call, party=personas.world.party_a, upload=("a.txt", TEXT)
    )
    with pytest.raises(PermissionDenied):
        services.propose_statements(personas.fp_a.user, sub, classify=fake_classify)
    made = services.propose_statements(personas.officer.user, sub, classify=fake_classify)
    assert [s.role for s in made] == ["need", "support_provided"]
    assert services.propose_statements(personas.officer.user, sub, classify=fake_classify) == []
    need, provided = made
    assert list(need.countries.values_list("iso3", flat=True)) == ["GHA"]
    assert need.proposal["roles"][0]["role"] == "need"
    for persona in (personas.fp_a, personas.partner, personas.anon):
        with pytest.raises(PermissionDenied):
            statement_review.review_statement(persona.user, need, "confirm")
    statement_review.review_statement(personas.officer.user, need, "confirm")
    statement_review.review_statement(
        personas.officer.user, provided, "edit", {"role": "support_received", "topics": ["finance"]}
    )
    need.refresh_from_db()
    provided.refresh_from_db()
    assert need.status == "confirmed" and need.reviewed_by == personas.officer.user
    assert provided.role == "support_received" and provided.status == "confirmed"
    assert list(provided.topics.values_list("slug", flat=True)) == ["finance"]
    rec = ChangeRecord.objects.filter(object_id=str(provided.pk), note="edit").get()
    assert rec.before is not None and rec.after is not None
    assert rec.before["role"] == "support_provided" and rec.after["topics"] == ["finance"]
    with pytest.raises(ValidationError):
        statement_review.review_statement(personas.officer.user, need, "edit", {"topics": ["nope"]})
    statement_review.review_statement(personas.officer.user, need, "reject")
    need.refresh_from_db()
    assert need.status == "rejected"


@pytest.mark.django_db
def test_issue_and_reminders_send_mail_once(personas):
    from minamata_kb.registry.models import Contact

    w = personas.world
    Contact.objects.create(party=w.party_a, name="A", email="nfp@gh.example", is_focal_point=True)
    Contact.objects.create(organisation=w.org, name="C", email="centre@example.org")
    Contact.objects.create(organisation=w.other_org, name="N", email="ngo@example.org")
    call = make_call(personas.officer.user, issued=False)
    with pytest.raises(PermissionDenied):
        calls.issue_call(personas.fp_a.user, call)
    assert calls.issue_call(personas.officer.user, call) == 2
    assert len(mail.outbox) == 1 and set(mail.outbox[0].bcc) == {
        "nfp@gh.example",
        "centre@example.org",
    }
    assert "Test call" in mail.outbox[0].subject
    sent = reminders.send_due_reminders(today=dt.date(2020, 1, 10))
    # one mail per recipient (each in its language), not one blind copy
    assert [(d, n) for _c, d, n in sent] == [("2020-01-10", 2)] and len(mail.outbox) == 3
    assert reminders.send_due_reminders(today=dt.date(2020, 1, 11)) == []
    assert Call.objects.get(pk=call.pk).reminders_sent == ["2020-01-10"]


@pytest.mark.django_db
def test_upload_proposals_run_as_a_background_task(personas, settings):
    from minamata_kb.submissions.tasks import schedule_proposals

    settings.TEXT_CLASSIFIER = "minamata_kb.submissions.tests.fake_classifier"
    call = make_call(personas.officer.user)
    sub = services.submit(
        personas.fp_a.user, call, party=personas.world.party_a, upload=("a.txt", TEXT)
    )
    schedule_proposals(sub.pk)  # the immediate backend runs it inline
    assert sorted(sub.statements.values_list("role", flat=True)) == ["need", "support_provided"]
    assert (
        ChangeRecord.objects.filter(entity="submissions.statement", actor_label="system").count()
        == 2
    )
