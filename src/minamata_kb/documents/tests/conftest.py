"""Fixtures of the COP documents tests: the demo call on the real registry names."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from pytest_django import Settings

from conftest import built_once
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.documents import demo as documents_demo
from minamata_kb.submissions.demo_texts import SUBMISSIONS
from minamata_kb.submissions.models import Call


@pytest.fixture
def demo_call(personas: Any, settings: Settings) -> Call:
    """The demo call, on the real parties of data/registry (names in six languages); built once
    per run, replayed after (the root conftest's `built_once`), with the demo's mail."""
    settings.TEXT_CLASSIFIER = "minamata_kb.submissions.tests.fake_classifier"  # known proposals
    # Mexico has not submitted: its focal point gets the demo's reminder (the send log's one row)
    personas.fp_b.user.email = "fp-b@example.org"
    personas.fp_b.user.save()
    call_pk, sent = built_once("demo_call", _build_demo_call)
    mail.outbox.extend(sent)
    return Call.objects.get(pk=call_pk)


def _build_demo_call() -> tuple[Any, list[Any]]:
    from minamata_kb.registry.models import Country, Organisation, Party
    from minamata_kb.submissions import demo

    codes = {s["party"] for s in SUBMISSIONS} - {"GHA"}
    path = Path(settings.DATA_DIR) / "registry" / "country_names_un.csv"
    with open(path, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["iso3"] in codes]
    for r in rows:
        names = {f"name_{k}": r[f"name_{k}"] for k in CONTENT_LANGUAGES}
        country = Country.objects.create(iso3=r["iso3"], m49=r["m49"], **names)
        Party.objects.create(code=r["iso3"], country=country, name_en=r["name_en"])
    Organisation.objects.create(
        slug="bcrc-argentina",
        name="BCRC-Argentina (South America)",
        kind="basel_centre",
        host_country=Country.objects.get(iso3="ARG"),
    )
    before = len(mail.outbox)
    demo.load(io.StringIO())
    documents_demo.load(io.StringIO())  # COP-4: the call's title and meeting in six languages
    sent = mail.outbox[before:]
    del mail.outbox[before:]  # given back by the fixture, whether built or replayed
    return Call.objects.get(title=demo.TITLE).pk, sent
