"""Gaps: the coverage matrix, unmet needs, demand signals and the CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from minamata_kb.matching import gaps, services

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
    unmet = gaps.unmet_needs(gaps.published_needs())
    assert {u["need"].text for u in unmet} == {"Gold miners", "Thermometers"}
    # the LDC/SIDS party's need ranks first at equal priority
    assert unmet[0]["need"].party == ref_world.party_c


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
