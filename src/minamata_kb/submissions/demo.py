"""Demo call and submissions modelled on seed ¶6–¶10 (texts written for the demo).

The demo's note reproduces the seed's figures: 14 submissions from 13 parties, five parties
describing needs and five describing support provided. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction

from minamata_kb.registry.models import Organisation, Party
from minamata_kb.submissions import calls, reminders, services, statement_review
from minamata_kb.submissions.demo_texts import SUBMISSIONS
from minamata_kb.submissions.models import Call, Submission

DECISION = "MC-3/8"
TITLE = "Capacity-building and technical assistance provided and needed (demo)"


def _officer() -> Any:
    User = get_user_model()
    return User.objects.filter(role__kind="officer").order_by("id").first()


def load(stdout: TextIO) -> None:
    """Create the demo call, its 14 submissions and their confirmed statements."""
    if Call.objects.filter(decision=DECISION, title=TITLE).exists():
        stdout.write("submissions demo: already loaded\n")
        return
    officer = _officer()
    codes = {s["party"] for s in SUBMISSIONS}
    parties = {p.code: p for p in Party.objects.filter(code__in=codes)}
    if officer is None or len(parties) != len(codes):
        stdout.write("submissions demo: skipped (officer or parties missing)\n")
        return
    with transaction.atomic():
        call = calls.create_call(
            officer,
            decision=DECISION,
            title=TITLE,
            description=(
                "Parties, regional centres and partners are invited to describe the "
                "capacity-building and technical assistance they provide, receive and need."
            ),
            letter_date=dt.date(2019, 12, 13),
            deadline=dt.date(2021, 6, 30),
            reminder_dates=["2021-05-20"],
            addressees=["parties", "regional_centres", "partners", "missions"],
            meeting="fourth meeting (demo)",
            note_symbol="UNEP/MC/COP.4/DEMO/14",
            annex_symbol="UNEP/MC/COP.4/DEMO/INF/23",
        )
        calls.issue_call(officer, call, today=dt.date(2019, 12, 13))
        for entry in SUBMISSIONS:
            org = None
            if entry.get("organisation"):
                org = Organisation.objects.filter(slug=entry["organisation"]).first()
            when = dt.datetime.fromisoformat(entry["received"] + "T10:00:00+00:00")
            sub = services.submit(
                officer,
                call,
                party=parties[entry["party"]],
                organisation=org,
                upload=(entry["name"], entry["text"].encode("utf-8")),
                language=entry["language"],
                received_at=when,
            )
            paras = [p.strip() for p in entry["text"].split("\n\n")]
            for role, topics, articles, channel, index in entry["statements"]:
                statement_review.add_statement(
                    officer,
                    sub,
                    role,
                    paras[index],
                    topics=topics,
                    articles=articles,
                    channel=channel,
                )
        # The reminder of 20 May 2021 goes only to those silent by then, each in its language
        # (the send log shows who got it).
        reminders.send_due_reminders(officer, today=dt.date(2021, 5, 20))
    # One submission left for the officer's review screen: the classifier's proposals.
    mongolia = Submission.objects.filter(call=call, party__code="MNG").first()
    if mongolia is not None:
        try:
            made = services.propose_statements(officer, mongolia)
            stdout.write(f"submissions demo: {len(made)} classifier proposals to review\n")
        except Exception as exc:  # noqa: BLE001 - the demo works without the models
            stdout.write(f"submissions demo: no classifier proposals ({exc})\n")
    stdout.write(
        f"submissions demo: call {call.pk} with "
        f"{Submission.objects.filter(call=call).count()} submissions\n"
    )
