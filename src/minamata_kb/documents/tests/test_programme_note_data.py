"""Sections III and IV of the programme note from activities, events, requests, tools and the
work programme: what is counted in the meeting's period, with its records."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest

from minamata_kb.activities.models import (
    Activity,
    BudgetLine,
    Event,
    Participation,
    WorkProgrammeItem,
)
from minamata_kb.assistance.models import Request
from minamata_kb.documents import demo, programme_note
from minamata_kb.documents.meetings import MeetingDocument
from minamata_kb.documents.snapshot import take_meeting_snapshot
from minamata_kb.library.models import Resource
from minamata_kb.matching.models import Need
from minamata_kb.publishing import render
from minamata_kb.registry.models import Organisation, Party
from minamata_kb.taxonomy.models import Channel, Topic

UTC = dt.UTC


@pytest.fixture
def records(demo_call: Any) -> MeetingDocument:
    demo.load(io.StringIO())
    centre = Organisation.objects.get(slug="bcrc-argentina")
    gef, sip = Channel.objects.get(slug="gef"), Channel.objects.get(slug="sip")
    inside = Activity.objects.create(
        code="gef-islands", title="Islands programme support", channel=gef,
        start_date=dt.date(2020, 1, 10), end_date=dt.date(2022, 1, 1),
    )  # fmt: skip
    inside.executing_partners.add(centre)
    Activity.objects.create(
        code="sip-old", title="An old SIP project", channel=sip,
        start_date=dt.date(2018, 1, 1), end_date=dt.date(2019, 6, 30),
    )  # outside the period  # fmt: skip
    for i, (day, women, men) in enumerate(
        [(dt.date(2020, 9, 15), 30, 20), (dt.date(2021, 3, 2), 12, 8)]
    ):
        ev = Event.objects.create(
            code=f"mo-{i}", title=f"Session {i}", kind="webinar", series="Minamata Online",
            start_date=day, online=True,
        )  # fmt: skip
        Participation.objects.create(event=ev, women=women, men=men, other=1)
    party = Party.objects.get(code="ECU")
    for days in (4, 10, None):
        r = Request.objects.create(
            party=party, kind="information", title="Forms", text="Which form?"
        )
        received = dt.datetime(2020, 5, 1, 9, tzinfo=UTC)
        answered = received + dt.timedelta(days=days) if days is not None else None
        Request.objects.filter(pk=r.pk).update(received_at=received, answered_at=answered)
    Resource.objects.create(
        external_id="tool-1", title="Mercury inventory toolkit", language="en", published=True,
        date=dt.date(2020, 6, 1),
    )  # fmt: skip
    Resource.objects.create(
        external_id="tool-1-fr", title="Boîte à outils d'inventaire du mercure", language="fr",
        published=True, date=dt.date(2020, 6, 1), translation_group="tool-1",
    )  # fmt: skip
    Resource.objects.filter(external_id="tool-1").update(translation_group="tool-1")
    item = WorkProgrammeItem.objects.create(
        biennium="2022-2023", code="a.i", group="a", title="Develop and adapt tools", position=1
    )
    BudgetLine.objects.create(item=item, source="special_trust_fund", amount=Decimal("120000"))
    BudgetLine.objects.create(item=item, source="voluntary", amount=Decimal("80000"))
    need = Need.objects.create(party=party, text="Funds to run a mercury inventory")
    need.topics.add(Topic.objects.get(slug="finance"))
    return MeetingDocument.objects.get(symbol="UNEP/MC/COP.4/14")


def _md(note: MeetingDocument, lang: str) -> tuple[str, Any]:
    snap = take_meeting_snapshot(None, note)
    built = programme_note.build(snap.data, lang, snapshot_id=snap.pk, internal=True)
    return render.to_markdown(built)[0], snap


@pytest.mark.django_db
def test_section_three_counts_the_periods_records(records):
    en, snap = _md(records, "en")
    acts = {a["code"] for a in snap.data["activities"]}
    assert "gef-islands" in acts and "sip-old" not in acts  # only the period's activities
    assert "BCRC-Argentina (South America)" in en and "regional or subregional centre" in en
    assert "| Global Environment Facility | 1 | Islands programme support |" in en
    assert "The secretariat received 3 requests from parties" in en
    assert "2 were answered, in a median of 7 days." in en
    assert "2 Minamata Online sessions, from 15 September 2020 to 2 March 2021" in en
    assert "72 participants, of whom 42 women, 28 men and 2 not stated" in en
    # a tool published in two languages counts once; the edition's language is shown
    assert "1 tool or information resource" in en and "Mercury inventory toolkit" in en
    fr, _ = _md(records, "fr")
    assert "Boîte à outils d'inventaire du mercure" in fr
    assert "| a.i | Develop and adapt tools | 120,000 USD | 80,000 USD |" in en
    assert "120\u202f000 USD" in fr
    needs = len(snap.data["knowledge_base"]["needs"])
    assert f"The knowledge base links {needs} recorded needs to the help available" in en
    assert "The largest gaps, where needs are recorded" in en
    assert "Inventories and initial assessments (needs: 3; resources: 0; activities: 0)" in en
    ev_ids = sorted(e["id"] for e in snap.data["events"])
    assert f"EV-{ev_ids[0]}, EV-{ev_ids[1]}" in en  # traced in the internal appendix
