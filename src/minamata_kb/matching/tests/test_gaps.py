"""Gaps: the coverage matrix, unmet needs, demand signals and the CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.utils import timezone

from minamata_kb.matching import gaps, services
from minamata_kb.matching.models import Need

pytestmark = pytest.mark.django_db


def test_coverage_counts_needs_and_supply(library, ref_world):
    services.save_need(
        None, party=ref_world.party_c, text="Gold miners", topics=["asgm"], published=True
    )
    services.save_need(
        None, party=ref_world.party_a, text="Thermometers", topics=["health"], published=True
    )
    rows = {r.key: r for r in gaps.coverage(gaps.published_needs())}
    assert rows["asgm"].needs == 1 and rows["asgm"].resources == 2
    assert rows["asgm"].languages == {"en": 1, "es": 1}
    assert rows["asgm"].groups["Oceania"].needs == 1
    assert rows["asgm"].groups["LDC"].needs == 1 and rows["asgm"].groups["SIDS"].needs == 1
    assert rows["health"].needs == 1 and rows["health"].resources == 0
    assert rows["health"].gap == 1.0 and rows["health"].groups["Africa"].level == 4
    # never matched: not known to be unmet, counted apart
    assert gaps.unmet_needs(gaps.published_needs()) == []
    assert gaps.not_matched(gaps.published_needs()) == 2
    # the matcher looked and found nothing (no proposals): both are unmet
    Need.objects.update(matched_at=timezone.now())
    unmet = gaps.unmet_needs(gaps.published_needs())
    assert {u["need"].text for u in unmet} == {"Gold miners", "Thermometers"}
    assert gaps.not_matched(gaps.published_needs()) == 0
    # the LDC/SIDS party's need ranks first at equal priority
    assert unmet[0]["need"].party == ref_world.party_c


def test_needs_never_matched_are_not_called_gaps(ref_world, personas):
    """A need nobody has matched yet has no proposals because nobody asked: the gap page and
    the API leave it out of "nothing behind them" and say how many they left out; the needs
    list says "Not matched yet." instead of 0 matches."""
    need, _ = services.save_need(
        None, party=ref_world.party_a, text="Storage of surplus mercury", published=True
    )
    api = personas.anon.client.get("/api/v1/gaps").json()
    assert api["unmet"] == [] and api["not_matched"] == 1
    page = personas.anon.client.get("/matching/gaps/").content.decode()
    assert "1 open need has not been matched yet: it is not counted here." in page
    assert "?queue=unmatched" in page
    listing = personas.anon.client.get("/matching/").content.decode()
    assert "Not matched yet." in listing
    Need.objects.filter(pk=need.pk).update(matched_at=timezone.now())
    api = personas.anon.client.get("/api/v1/gaps").json()
    assert [u["id"] for u in api["unmet"]] == [need.pk] and api["not_matched"] == 0
    assert (
        "not been matched yet" not in personas.anon.client.get("/matching/gaps/").content.decode()
    )
    assert "Not matched yet." not in personas.anon.client.get("/matching/").content.decode()


def test_public_sees_published_figures_only(ref_world, personas):
    services.save_need(None, party=ref_world.party_a, text="draft", topics=["waste"])
    services.save_need(
        None, party=ref_world.party_b, text="public", topics=["waste"], published=True
    )

    def needs_for(p: Any) -> int:
        rows = p.client.get("/api/v1/gaps").json()["rows"]
        return next(r["needs"] for r in rows if r["key"] == "waste")

    assert needs_for(personas.anon) == 1
    assert needs_for(personas.fp_b) == 1
    assert needs_for(personas.fp_a) == 2
    assert needs_for(personas.officer) == 2
    assert personas.anon.client.get("/api/v1/gaps").json()["scope"] == "published"
    assert personas.anon.client.get("/api/v1/gaps?by=nope").status_code == 400
    by_article = personas.officer.client.get("/api/v1/gaps?by=article").json()
    assert by_article["by"] == "article" and by_article["rows"][0]["key"].isdigit()


def test_csv_export_and_heatmap_page(ref_world, personas):
    services.save_need(None, party=ref_world.party_a, text="x", topics=["waste"], published=True)
    r = personas.anon.client.get("/matching/gaps.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    waste = next(row for row in rows if row["key"] == "waste")
    assert waste["needs"] == "1" and waste["needs_Africa"] == "1"
    page = personas.anon.client.get("/matching/gaps/").content.decode()
    assert "heat-4" in page and "Figures count published needs only." in page


def test_zero_result_queries_are_demand_signals(ref_world, personas):
    from minamata_kb.search.models import QueryLog

    QueryLog.objects.create(query="mercury in cement kilns", results=0)
    data = personas.officer.client.get("/api/v1/gaps").json()
    assert data["zero_result_queries"][0]["query"] == "mercury in cement kilns"
    assert personas.anon.client.get("/api/v1/gaps").json()["zero_result_queries"] == []
