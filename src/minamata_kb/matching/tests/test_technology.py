"""Technology registry, API and the Article 14(4) review in six languages."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from minamata_kb.matching.models import Need, Technology

pytestmark = pytest.mark.django_db


@pytest.fixture
def tech(ref_world: Any) -> Technology:
    from minamata_kb.taxonomy.models import Topic

    t = Technology.objects.create(
        slug="gravity-concentration",
        name="Gravity concentration",
        description="Shaking tables and sluices concentrate gold without mercury.",
        replaces="whole-ore amalgamation",
        sector="mining",
        maturity="commercial",
        case_studies=["asgm-guide"],
    )
    t.topics.set(Topic.objects.filter(slug__in=["asgm", "technology_transfer"]))
    t.providers.set([ref_world.org])
    Technology.objects.create(
        slug="draft-tech",
        name="Draft",
        replaces="x",
        sector="health",
        maturity="pilot",
        published=False,
    )
    return t


def test_api_lists_published_technologies(tech, personas):
    ids = [t["id"] for t in personas.anon.client.get("/api/v1/technologies").json()["items"]]
    assert ids == ["gravity-concentration"]
    ids = [t["id"] for t in personas.officer.client.get("/api/v1/technologies").json()["items"]]
    assert set(ids) == {"gravity-concentration", "draft-tech"}
    assert personas.anon.client.get("/api/v1/technologies/draft-tech").status_code == 404
    page = personas.anon.client.get("/matching/technologies/gravity-concentration/")
    assert page.status_code == 200 and "whole-ore amalgamation" in page.content.decode()


def test_technologies_are_matched(tech, library):
    from minamata_kb.matching import engine

    q = engine.NeedQuery.build("Our gold miners need mercury-free equipment.", party="GHA")
    result = engine.match(q, limit=5)
    assert [h.ref for h in result.technologies] == ["gravity-concentration"]
    assert "whole-ore amalgamation" in result.technologies[0].why


def test_a_topic_most_technologies_share_does_not_make_one_relevant(tech, library):
    """Issue 13: an artisanal gold-mining need was offered a coal-plant sorbent and a
    chlor-alkali process because all three carry "technology transfer". Weighed by how rare
    it is in the catalogue, that topic no longer lets an off-subject technology in."""
    from minamata_kb.matching import engine
    from minamata_kb.taxonomy.models import Topic

    for slug, name, replaces, topic in (
        ("sorbent", "Activated carbon injection", "mercury emissions from coal combustion",
         "emissions"),
        ("membrane", "Membrane cell process", "mercury cells in chlor-alkali plants",
         "processes"),
    ):  # fmt: skip
        t = Technology.objects.create(
            slug=slug, name=name, replaces=replaces, sector="industry", maturity="commercial"
        )
        t.topics.set(Topic.objects.filter(slug__in=[topic, "technology_transfer"]))
    q = engine.NeedQuery.build(
        "Our artisanal miners cannot afford mercury-free processing equipment.",
        party="GHA",
        topics=["asgm", "technology_transfer"],
    )
    assert [h.ref for h in engine.match(q, limit=5).technologies] == ["gravity-concentration"]
    # a need on coal-plant emissions gets the sorbent, and not the gold-mining equipment
    q = engine.NeedQuery.build(
        "Our coal power plants need to cut their mercury emissions.",
        party="GHA",
        topics=["emissions", "technology_transfer"],
    )
    assert [h.ref for h in engine.match(q, limit=5).technologies] == ["sorbent"]


def test_report_in_six_languages(tech, ref_world, tmp_path: Path):
    from minamata_kb.matching import technology

    Need.objects.create(
        party=ref_world.party_a, text="We need mercury-free equipment.", published=True
    )
    Need.objects.get().topics.set(tech.topics.all())
    built = technology.build_report("en")
    text = " ".join(b.text for b in built.blocks)
    assert "Article 14" in text and "1 statements of technology needs" in text or "1 " in text
    rows = [row for b in built.blocks if b.kind == "table" for row in b.rows]
    assert any("Gravity concentration" in r for r in rows)
    assert "Ghana:" in text and "We need mercury-free equipment." in text  # who, then as received
    assert built.blocks[0].kind == "header" and built.blocks[0].data[0] == "UNEP/MC/COP/DRAFT"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", " ".join(built.blocks[0].data))  # no ISO date
    from minamata_kb.documents.models import Snapshot

    assert Snapshot.objects.filter(data__document_kind="technology").count() == 1
    # the same text from two parties is quoted once, naming both
    Need.objects.create(party=ref_world.party_b, text="We need mercury-free equipment.",
                        published=True).topics.set(tech.topics.all())  # fmt: skip
    again = technology.build_report("en")
    quotes = [b.text for b in again.blocks if b.kind == "text"]
    assert quotes.count("We need mercury-free equipment.") == 1
    assert Snapshot.objects.filter(data__document_kind="technology").count() == 2
    for lang in ("fr", "es", "ru", "zh", "ar"):
        other = technology.build_report(lang)
        assert other.title != built.title, lang
    out = tmp_path / "review.docx"
    call_command(
        "report_technology",
        "--lang",
        "ar",
        "--format",
        "docx",
        "-o",
        str(out),
        stderr=io.StringIO(),
    )
    assert out.read_bytes()[:2] == b"PK"
    pdf = tmp_path / "review.pdf"
    call_command(
        "report_technology", "--lang", "zh", "--format", "pdf", "-o", str(pdf), stderr=io.StringIO()
    )
    assert pdf.read_bytes()[:4] == b"%PDF"


@pytest.mark.integration
def test_demo_is_idempotent(ref_world, library):
    from minamata_kb.matching import demo

    out = io.StringIO()
    demo.load(out)
    demo.load(out)
    assert Technology.objects.count() == len(demo.TECHNOLOGIES)
    assert Need.objects.filter(party__code__in=["GHA", "MEX"]).count() == 4
    assert all(n.matched_at for n in Need.objects.filter(source_kind="manual"))
    assert "matching demo:" in out.getvalue()


def test_review_public_and_internal_editions(tech, ref_world, tmp_path: Path):
    """The public edition names no internal record; the internal one traces them to a snapshot."""
    need = Need.objects.create(party=ref_world.party_a, text="We need mercury-free equipment.",
                               published=True)  # fmt: skip
    need.topics.set(tech.topics.all())
    public, internal = tmp_path / "public.md", tmp_path / "internal.md"
    call_command("report_technology", "--format", "md", "-o", str(public), stderr=io.StringIO())
    call_command("report_technology", "--format", "md", "--internal", "-o", str(internal),
                 stderr=io.StringIO())  # fmt: skip
    text = public.read_text(encoding="utf-8")
    assert "SNAP-" not in text and need.reference not in text
    assert "We need mercury-free equipment." in text
    full = internal.read_text(encoding="utf-8")
    assert "SNAP-" in full and need.reference in full
    from minamata_kb.documents.models import Document

    assert {d.kind for d in Document.objects.all()} == {"technology"}  # kept on the list
