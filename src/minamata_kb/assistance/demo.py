"""Demo assistance requests, one or more in every workflow state (idempotent; demo text)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from minamata_kb.assistance import services, workflow
from minamata_kb.assistance.models import Request
from minamata_kb.registry.models import Party

S = Request.State
# (focal point, kind, title, text, articles, topics, steps to take)
DEMO_REQUESTS: list[tuple[str, str, str, str, list[int], list[str], list[str]]] = [
    (
        "fp-ghana",
        "information",
        "Which forms apply to mercury imports for ASGM?",
        "Our customs service asks which Article 3 forms a party must use when it consents to an import of mercury, and whether imports for ASGM are allowed.",
        [3, 7],
        ["trade", "asgm"],
        [],
    ),
    (
        "fp-mexico",
        "expert_advice",
        "Expert advice on dental amalgam separators",
        "We are drafting a regulation requiring amalgam separators in dental clinics and would like an expert's review of the technical annex.",
        [4],
        ["dental_amalgam"],
        ["triaged"],
    ),
    (
        "fp-china",
        "implementation_support",
        "Support on BAT/BEP for non-ferrous smelters",
        "We request implementation support on applying the BAT/BEP guidance to zinc and lead smelters, including an in-country mission.",
        [8],
        ["emissions"],
        ["triaged", "assigned"],
    ),
    (
        "fp-ghana",
        "planning_meeting",
        "National planning meeting on the NAP review",
        "Ghana asks for a national planning meeting to review its ASGM National Action Plan with stakeholders.",
        [7],
        ["asgm", "capacity_building"],
        ["triaged", "assigned", "answered"],
    ),
    (
        "fp-mexico",
        "information",
        "Guidance on interim storage of mercury",
        "Please point us to guidance on environmentally sound interim storage of mercury other than waste.",
        [10],
        ["storage"],
        ["triaged", "assigned", "answered", "planned", "in_delivery", "closed"],
    ),
    (
        "fp-china",
        "expert_advice",
        "Request for a full legal drafting service",
        "We ask the secretariat to draft our complete national mercury law.",
        [],
        ["capacity_building"],
        ["rejected"],
    ),
    (
        "fp-ghana",
        "implementation_support",
        "Support for a contaminated-site survey",
        "Support to survey a former gold-processing site near a river.",
        [12],
        ["contaminated_sites"],
        ["withdrawn"],
    ),
    (
        "fp-mexico",
        "implementation_support",
        "Mission on mercury-added products enforcement",
        "We would welcome an implementation-support mission on enforcement of the Annex A phase-out dates.",
        [4],
        ["products"],
        ["triaged", "assigned"],
    ),
]


def _step(req: Request, state: str, officer: Any, fp: Any, index: int) -> Request:
    if state == S.ASSIGNED:
        # One demo request is overdue so the secretariat's home page has something to show.
        due = timezone.now().date() + dt.timedelta(days=-3 if index == 7 else 14)
        return workflow.transition(officer, req, state, assignee=officer, due_date=due)
    if state == S.ANSWERED:
        return workflow.transition(
            officer,
            req,
            state,
            answer="Answered with the guidance listed below and the activities that can help (demo answer).",
            resources=["demo-res-001", "demo-res-008"],
            activities=["demo-unitar-nap-elearning"],
        )
    if state == S.REJECTED:
        return workflow.transition(
            officer,
            req,
            state,
            reason="Outside the secretariat's mandate; legal drafting support is offered through the Special Programme.",
        )
    if state == S.WITHDRAWN:
        return workflow.transition(
            fp, req, state, reason="The survey is now funded through a GEF project."
        )
    if state == S.PLANNED:
        return workflow.transition(
            officer,
            req,
            state,
            plan="Share the interim storage guidance, then a webinar with two national agencies (demo plan).",
        )
    if state == S.IN_DELIVERY:
        return workflow.transition(officer, req, state, activities=["demo-unitar-nap-elearning"])
    if state == S.CLOSED:
        return workflow.transition(
            fp,
            req,
            state,
            note="Thank you, this answers our question.",
            rating=4,
            feedback="The guidance and the webinar helped our storage rules (demo feedback).",
        )
    if state == S.TRIAGED and index == 1:
        # A due date set at triage is kept (and shown on the list).
        due = timezone.now().date() + dt.timedelta(days=10)
        return workflow.transition(officer, req, state, due_date=due)
    return workflow.transition(officer, req, state)


@transaction.atomic
def load(stdout: TextIO) -> None:
    """File the demo requests through the services (so history, audit and mail are real)."""
    User = get_user_model()
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        stdout.write("assistance demo: no demo accounts; skipped\n")
        return
    made = 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for index, (fp_name, kind, title, text, arts, tops, steps) in enumerate(DEMO_REQUESTS):
            fp = User.objects.filter(username=fp_name).first()
            party = getattr(getattr(fp, "role", None), "party", None)
            if fp is None or party is None or not isinstance(party, Party):
                continue
            if Request.objects.filter(party=party, title=title).exists():
                continue
            req = services.file_request(
                fp, party, kind=kind, title=title, text=text, articles=arts, topics=tops
            )
            for state in steps:
                req = _step(req, state, officer, fp, index)
            if req.state == S.CLOSED:
                services.set_published(officer, req, True)
            # Spread the demo over past weeks so response-time figures mean something.
            now = timezone.now()
            Request.objects.filter(pk=req.pk).update(
                received_at=now - dt.timedelta(days=20 + 3 * index),
                answered_at=now - dt.timedelta(days=2 * index) if req.answered_at else None,
            )
            made += 1
    stdout.write(f"assistance demo: {made} requests filed\n")
