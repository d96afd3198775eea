"""Reminders (issue 18 item 4): only to those who have not submitted, each in its language,
logged per recipient and date; a daily run is idempotent."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command

from minamata_kb.accounts.models import Role
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.registry.models import Contact, Party
from minamata_kb.submissions import reminders, services
from minamata_kb.submissions.models import Call, ReminderSent, Submission
from minamata_kb.submissions.tests.factories import make_call

pytestmark = pytest.mark.django_db
DAY = dt.date(2020, 1, 10)


@pytest.fixture
def world(personas: Any) -> tuple[Any, Call]:
    """Ghana (fp-a, prefers French), Mexico (fp-b, no preference: Spanish), a centre editor."""
    w = personas.world
    w.gha.iso2, w.mex.iso2, w.chn.iso2 = "GH", "MX", "CN"
    for c in (w.gha, w.mex, w.chn):
        c.save()
    for p, email in ((personas.fp_a, "fp-a@gh.example"), (personas.fp_b, "fp-b@mx.example")):
        p.user.email = email
        p.user.save()
    Role.objects.filter(user=personas.fp_a.user).update(language="fr")
    personas.partner.user.email = "editor@centre.example"
    personas.partner.user.save()
    Contact.objects.create(party=w.party_c, name="T", email="nfp@tv.example", is_focal_point=True)
    call = make_call(personas.officer.user)
    mail.outbox.clear()
    return personas, call


def _submitted(personas: Any, call: Call, party: Party, text: bytes) -> Submission:
    """A submission received before the reminder date (the secretariat records the date)."""
    return services.submit(
        personas.officer.user,
        call,
        party=party,
        upload=("a.txt", text),
        received_at=dt.datetime(2020, 1, 5, 10, tzinfo=dt.UTC),
    )


def _mail_to(address: str) -> list[EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


def test_a_party_that_submitted_gets_nothing(world):
    personas, call = world
    _submitted(personas, call, personas.world.party_b, b"Our answer.")
    mail.outbox.clear()
    done = reminders.send_due_reminders(today=DAY)
    assert _mail_to("fp-b@mx.example") == []
    sent_to = sorted(m.to[0] for m in mail.outbox)
    assert sent_to == ["editor@centre.example", "fp-a@gh.example", "nfp@tv.example"]
    assert [(d, n) for _c, d, n in done] == [("2020-01-10", 3)]
    assert not ReminderSent.objects.filter(email="fp-b@mx.example").exists()


def test_each_recipient_gets_its_language(world):
    reminders.send_due_reminders(today=DAY)
    (french,) = _mail_to("fp-a@gh.example")
    assert french.subject.startswith("Rappel") and "Date limite" in french.body
    assert french.extra_headers["Content-Language"] == "fr"
    # no preference: the party's official UN language (Mexico: Spanish)
    (spanish,) = _mail_to("fp-b@mx.example")
    assert (
        spanish.subject.startswith("Recordatorio")
        and spanish.extra_headers["Content-Language"] == "es"
    )
    # an organisation's editor: its host country's (China: Chinese); Tuvalu: English
    (chinese,) = _mail_to("editor@centre.example")
    assert chinese.extra_headers["Content-Language"] == "zh-hans"
    (english,) = _mail_to("nfp@tv.example")
    assert english.subject.startswith("Reminder")
    log = dict(ReminderSent.objects.values_list("email", "language"))
    assert log == {
        "fp-a@gh.example": "fr",
        "fp-b@mx.example": "es",
        "editor@centre.example": "zh-hans",
        "nfp@tv.example": "en",
    }


def test_a_daily_run_is_idempotent_and_logged(world):
    personas, call = world
    assert reminders.send_due_reminders(today=DAY - dt.timedelta(days=1)) == []
    assert mail.outbox == []
    reminders.send_due_reminders(today=DAY)
    n = len(mail.outbox)
    assert n == 4 and ReminderSent.objects.count() == 4
    assert reminders.send_due_reminders(today=DAY) == []
    assert reminders.send_due_reminders(today=DAY + dt.timedelta(days=1)) == []
    assert len(mail.outbox) == n and ReminderSent.objects.count() == 4
    assert Call.objects.get(pk=call.pk).reminders_sent == ["2020-01-10"]
    audit = ChangeRecord.objects.filter(action=ChangeRecord.Action.REMIND)
    assert audit.count() == 1 and audit.get().note == "reminder 2020-01-10; 4 sent"
    assert reminders.sent_reminders(call) == [
        {
            "date": "2020-01-10",
            "recipients": 4,
            "languages": {"en": 1, "es": 1, "fr": 1, "zh-hans": 1},
        }
    ]
    # a focal point who joins later gets the current reminder on the next run, once
    Contact.objects.create(
        party=personas.world.party_a, name="G2", email="second@gh.example", is_focal_point=True
    )
    done = reminders.send_due_reminders(today=DAY + dt.timedelta(days=2))
    assert [(d, k) for _c, d, k in done] == [("2020-01-10", 1)]
    assert _mail_to("second@gh.example")[0].subject.startswith("Reminder")  # Ghana: English


def test_nobody_left_means_nothing_sent_and_nothing_logged(world):
    personas, call = world
    call.addressees = ["parties"]
    call.save()
    w = personas.world
    for party in (w.party_a, w.party_b, w.party_c):
        _submitted(personas, call, party, party.code.encode())
    mail.outbox.clear()
    assert reminders.send_due_reminders(today=DAY) == []
    assert mail.outbox == [] and not ReminderSent.objects.exists()
    assert Call.objects.get(pk=call.pk).reminders_sent == []


def test_the_command_reports_recipients(world):
    err = io.StringIO()
    call_command("remind", "--today", "2020-01-10", stderr=err)
    assert "4 recipient(s)" in err.getvalue() and "4 reminder(s) sent" in err.getvalue()
    err = io.StringIO()
    call_command("remind", "--today", "2020-01-10", stderr=err)
    assert "0 reminder(s) sent" in err.getvalue()


def test_official_languages():
    from types import SimpleNamespace as C

    assert reminders.official_un_language(C(iso2="DZ")) == "ar"
    assert reminders.official_un_language(C(iso2="CH")) == "fr"
    assert reminders.official_un_language(C(iso2="DE")) == "en"  # none of the six
    assert reminders.official_un_language(C(iso2="RU")) == "ru"
    assert reminders.official_un_language(None) == "en"  # the EU has no country


def test_a_submission_after_the_reminder_date_does_not_count_for_it(world):
    """Run for a past date (--today): only what had arrived by then spares a reminder."""
    personas, call = world
    services.submit(
        personas.officer.user,
        call,
        party=personas.world.party_b,
        upload=("late.txt", b"Late answer."),
        received_at=dt.datetime(2020, 2, 1, 10, tzinfo=dt.UTC),
    )
    mail.outbox.clear()
    reminders.send_due_reminders(today=DAY)
    assert len(_mail_to("fp-b@mx.example")) == 1
