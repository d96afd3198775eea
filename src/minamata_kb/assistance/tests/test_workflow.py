"""The request workflow: every step recorded, mailed and audited; illegal steps refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from minamata_kb.activities.services import save_activity
from minamata_kb.assistance import selectors
from minamata_kb.assistance.models import Request, Transition
from minamata_kb.assistance.services import file_request, set_published
from minamata_kb.assistance.workflow import transition
from minamata_kb.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db
S = Request.State


def test_filing_records_mails_and_keeps_attachments(personas, django_capture_on_commit_callbacks):
    personas.fp_a.user.email = "fp@example.org"
    personas.fp_a.user.save()
    from minamata_kb.core.tests.hostile_files import text_pdf

    pdf = text_pdf("demo")
    f = SimpleUploadedFile("draft rule.pdf", pdf, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        r = file_request(
            personas.fp_a.user,
            personas.world.party_a,
            kind="information",
            title="<b>Forms</b> for imports",
            text="Which forms?",
            articles=[3],
            topics=["trade"],
            files=[f],
        )
        # Nothing is mailed before the transaction commits.
        assert mail.outbox == []
    assert r.state == S.RECEIVED and r.title == "Forms for imports"
    att = r.attachments.get()
    assert att.filename == "draft rule.pdf" and att.size == len(pdf) and len(att.sha256) == 64
    assert att.file.read() == pdf
    assert [m.to for m in mail.outbox] == [["fp@example.org"]]
    assert Transition.objects.filter(request=r, to_state=S.RECEIVED).exists()
    assert ChangeRecord.objects.filter(entity="assistance.request", action="create").exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", b"MZ\x90\x00 a program"),
        ("rule.pdf", b"%PDF-1.4 /OpenAction<</S/J#61vaScript>> %%EOF"),
        ("notes.docx", b"%PDF-1.4 plain %%EOF"),
    ],
)
def test_attachment_content_is_checked_like_every_upload(personas, name, data):
    with pytest.raises(ValidationError) as exc:
        file_request(
            personas.fp_a.user,
            personas.world.party_a,
            kind="information",
            title="Forms",
            text="Which forms?",
            files=[SimpleUploadedFile(name, data)],
        )
    assert name in " ".join(exc.value.message_dict["attachments"])
    assert not Request.objects.exists()


def test_bad_filing_is_refused_whole(personas):
    exe = SimpleUploadedFile("run.exe", b"MZ")
    with pytest.raises(ValidationError) as exc:
        file_request(
            personas.fp_a.user,
            personas.world.party_a,
            kind="wish",
            title="",
            text="",
            articles=[99],
            topics=["astrology"],
            files=[exe],
        )
    assert {"kind", "title", "text", "articles", "topics", "attachments"} <= set(
        exc.value.message_dict
    )
    assert Request.objects.count() == 0


def test_a_focal_point_files_only_for_its_own_party(personas):
    for persona, party in [
        (personas.fp_a, "party_b"),
        (personas.fp_b, "party_a"),
        (personas.partner, "party_a"),
    ]:
        with pytest.raises(PermissionDenied):
            file_request(
                persona.user,
                getattr(personas.world, party),
                kind="information",
                title="t",
                text="x",
            )
    with pytest.raises(PermissionDenied):
        file_request(None, personas.world.party_a, kind="information", title="t", text="x")
    assert Request.objects.count() == 0


def test_full_path_with_mail_audit_and_answer_links(
    personas, filed, django_capture_on_commit_callbacks
):
    officer, fp = personas.officer.user, personas.fp_a.user
    act, _ = save_activity(
        None, {"code": "help-1", "title": "Help", "provider_organisation": "bcrc-test"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        transition(officer, filed, S.TRIAGED)
        transition(officer, filed, S.ASSIGNED, assignee=officer, due_date=dt.date(2030, 1, 1))
        r = transition(
            officer,
            filed,
            S.ANSWERED,
            answer="See these.",
            resources=["res-9", "res-1"],
            activities=["help-1"],
        )
        assert r.answer_resources == ["res-1", "res-9"]
        assert list(r.answer_activities.all()) == [act]
        r = transition(fp, r, S.CLOSED)
    assert r.state == S.CLOSED and r.closed_at and r.answered_at
    steps = list(Transition.objects.filter(request=r).values_list("from_state", "to_state"))
    assert steps == [
        ("", "received"),
        ("received", "triaged"),
        ("triaged", "assigned"),
        ("assigned", "answered"),
        ("answered", "closed"),
    ]
    audits = ChangeRecord.objects.filter(entity="assistance.request", action="transition")
    assert audits.count() == 4
    assigned = audits.filter(note="triaged -> assigned").get().after
    assert assigned is not None and assigned["assignee"] == "officer1"
    # Each step mailed the requester, and the assignee once there was one.
    recipients = [m.to[0] for m in mail.outbox]
    assert (
        recipients.count("fp-a@example.org") == 4 and recipients.count("officer@example.org") == 3
    )


@pytest.mark.parametrize(
    "path, illegal",
    [
        ([S.TRIAGED, S.ASSIGNED, S.ANSWERED, S.CLOSED], S.TRIAGED),
        ([], S.ANSWERED),
        ([], S.CLOSED),
        ([S.REJECTED], S.TRIAGED),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(
    personas, filed, path, illegal, django_capture_on_commit_callbacks
):
    officer = personas.officer.user
    for state in path:
        kwargs = {"assignee": officer} if state == S.ASSIGNED else {}
        kwargs |= {"answer": "a"} if state == S.ANSWERED else {}
        kwargs |= {"reason": "r"} if state == S.REJECTED else {}
        transition(officer, filed, state, **kwargs)
    r = Request.objects.get(pk=filed.pk)
    n = (Transition.objects.count(), ChangeRecord.objects.count(), len(mail.outbox))
    with pytest.raises(ValidationError) as exc, django_capture_on_commit_callbacks(execute=True):
        transition(officer, r, illegal)
    assert "cannot go from" in str(exc.value)
    assert Request.objects.get(pk=filed.pk).state == r.state
    assert (Transition.objects.count(), ChangeRecord.objects.count(), len(mail.outbox)) == n


def test_reject_and_withdraw_need_a_reason(personas, filed):
    with pytest.raises(ValidationError) as exc:
        transition(personas.officer.user, filed, S.REJECTED)
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        transition(personas.fp_a.user, filed, S.WITHDRAWN, reason="  ")
    r = transition(personas.fp_a.user, filed, S.WITHDRAWN, reason="No longer needed")
    assert r.state == S.WITHDRAWN and r.reason == "No longer needed"


def test_assignment_needs_a_secretariat_member_and_answers_known_activities(personas, filed):
    transition(personas.officer.user, filed, S.TRIAGED)
    with pytest.raises(ValidationError):
        transition(personas.officer.user, filed, S.ASSIGNED, assignee=personas.fp_b.user)
    transition(personas.officer.user, filed, S.ASSIGNED, assignee=personas.officer.user)
    with pytest.raises(ValidationError) as exc:
        transition(personas.officer.user, filed, S.ANSWERED, answer="x", activities=["nope"])
    assert "nope" in str(exc.value)
    assert Request.objects.get(pk=filed.pk).state == S.ASSIGNED


def test_who_may_take_which_step(personas, filed):
    # The requesting party may not triage its own request; another party may not touch it.
    with pytest.raises(PermissionDenied):
        transition(personas.fp_a.user, filed, S.TRIAGED)
    for p in (personas.fp_b, personas.partner):
        with pytest.raises(PermissionDenied):
            transition(p.user, filed, S.WITHDRAWN, reason="hostile")
    with pytest.raises(PermissionDenied):
        set_published(personas.fp_a.user, filed, True)
    assert Request.objects.get(pk=filed.pk).state == S.RECEIVED
    assert Transition.objects.filter(request=filed).count() == 1


def test_only_answered_or_closed_requests_can_be_published(personas, filed):
    with pytest.raises(ValidationError):
        set_published(personas.officer.user, filed, True)
    assert not Request.objects.get(pk=filed.pk).published


def test_response_time_figures(personas, filed):
    officer = personas.officer.user
    transition(officer, filed, S.TRIAGED)
    transition(officer, filed, S.ASSIGNED, assignee=officer, due_date=dt.date(2000, 1, 1))
    soon, overdue = selectors.due_and_overdue()
    assert list(overdue) == [filed]
    transition(officer, filed, S.ANSWERED, answer="done")
    answered_at = Request.objects.get(pk=filed.pk).answered_at
    assert answered_at is not None
    Request.objects.filter(pk=filed.pk).update(received_at=answered_at - dt.timedelta(days=4))
    figures = selectors.response_times()
    assert figures["answered"] == 1 and figures["median_days"] == 4.0
    assert figures["answered_on_time_pct"] == 0 and figures["overdue"] == 0
    assert figures["by_state"]["answered"] == 1


def test_cli_export_with_response_times(personas, filed, tmp_path):
    import io
    import json

    from django.core.management import call_command

    o = personas.officer.user
    transition(o, filed, S.TRIAGED)
    transition(o, filed, S.ASSIGNED, assignee=o)
    transition(o, filed, S.ANSWERED, answer="done")
    out = tmp_path / "r.json"
    call_command("export_requests", "--format", "json", "-o", str(out), stderr=io.StringIO())
    data = json.loads(out.read_text())
    assert data["response_times"]["answered"] == 1
    assert (
        data["requests"][0]["reference"] == filed.reference
        and data["requests"][0]["state"] == "answered"
    )
    csv_out = tmp_path / "r.csv"
    call_command("export_requests", "-o", str(csv_out), stderr=io.StringIO())
    assert csv_out.read_text().splitlines()[0].startswith("reference,party,kind")


def test_a_rolled_back_step_mails_nobody(personas, filed):
    """Mail goes out after the commit: a transaction that fails sends nothing."""
    from django.db import transaction as db_transaction

    officer = personas.officer.user
    with pytest.raises(RuntimeError), db_transaction.atomic():
        transition(officer, filed, S.TRIAGED)
        raise RuntimeError("the surrounding work failed")
    assert mail.outbox == []
    assert Request.objects.get(pk=filed.pk).state == S.RECEIVED
