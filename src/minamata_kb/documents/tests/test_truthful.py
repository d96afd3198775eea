"""Statements of fact in the notes: only what the records show (issue 12, build item 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from minamata_kb.documents import builders
from minamata_kb.documents.snapshot import take_snapshot
from minamata_kb.publishing import render
from minamata_kb.registry.models import Organisation
from minamata_kb.submissions import demo, services, statement_review
from minamata_kb.submissions.models import Call


def _note(call: Call, lang: str = "en") -> str:
    snap = take_snapshot(None, call)
    text, _ = render.to_markdown(builders.build("note", snap.data, lang, snap.pk, chart=False))
    return text


@pytest.mark.django_db
def test_reminders_come_from_the_send_log_not_the_plan(demo_call):
    demo_call.reminder_dates = ["2021-05-20", "2021-06-25"]  # the second one never went out
    demo_call.save()
    text = _note(demo_call)
    assert "A reminder was sent on 20 May 2021." in text
    assert "25 June 2021" not in text
    assert demo_call.reminder_log.exists()
    demo_call.reminder_log.all().delete()  # nothing in the send log: nothing was sent
    assert demo_call.reminders_sent  # (the call's own list still names the date)
    assert "reminder" not in _note(demo_call).lower()
    assert "rappel" not in _note(demo_call, "fr")


@pytest.mark.django_db
def test_totals_count_organisations_submissions_and_their_statements(demo_call):
    officer = demo._officer()
    org = Organisation.objects.get(slug="bcrc-argentina")
    sub = services.submit(
        officer,
        demo_call,
        organisation=org,
        upload=("centre.txt", b"The centre trained customs officers.\n\nIt needs funds."),
        language="en",
        received_at=dt.datetime(2021, 6, 1, 10, tzinfo=dt.UTC),
    )
    statement_review.add_statement(
        officer, sub, "support_provided", "The centre trained customs officers."
    )
    text = _note(demo_call)
    assert "In total, 15 submissions were received: 14 submissions from 13 parties (" in text
    assert "and 1 submission from organisations (BCRC-Argentina (South America))" in text
    # statements: the parties' own and those on organisations, said separately
    assert "statements from them (24 from parties' own submissions, 3 from reports on" in text


@pytest.mark.django_db
def test_a_late_submission_says_when_it_came(demo_call):
    text = _note(demo_call)
    assert "Oman (received on 5 July 2021)" in text
    assert "après la date limite" in _note(demo_call, "fr")
    assert "5 juillet 2021" in _note(demo_call, "fr")
