"""Open data (issue 16, item 4): dumps of public records only, DCAT, JSON-LD, sitemap, feeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import etree

from minamata_kb.open_data.collections import COLLECTIONS

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(db: None) -> Any:
    """The demo world, plus one draft of each kind (so "only public" can fail)."""
    from minamata_kb.activities.models import Activity, Event
    from minamata_kb.api.tests.world import build_world
    from minamata_kb.library.models import Resource
    from minamata_kb.matching import services as matching
    from minamata_kb.registry.models import Party

    w = build_world()
    draft = Resource.objects.filter(published=True).order_by("external_id").first()
    assert draft is not None
    draft.published = False
    draft.save()
    w.draft_resource = draft.external_id
    from minamata_kb.activities.models import ActivityOutput

    shown = Activity.objects.filter(published=True).order_by("code").last()
    assert shown is not None
    ActivityOutput.objects.create(activity=shown, resource_ref=draft.external_id)
    act = Activity.objects.filter(published=True).order_by("code").first()
    assert act is not None
    Activity.objects.filter(pk=act.pk).update(published=False)
    w.draft_activity = act.code
    ev = Event.objects.filter(published=True).order_by("code").first()
    assert ev is not None
    Event.objects.filter(pk=ev.pk).update(published=False)
    w.draft_event = ev.code
    need, _ = matching.save_need(
        None, party=Party.objects.get(code="GHA"), text="A private need.", published=False
    )
    w.draft_need = need.pk
    return w


def _get(client: Client, name: str) -> bytes:
    r = client.get(f"/open-data/{name}")
    assert r.status_code == 200, (name, r.status_code)
    return r.content


def _every_dump_lists_only_public_records(world: Any) -> None:
    from minamata_kb.activities.models import Activity, Event
    from minamata_kb.library.models import Resource
    from minamata_kb.matching.models import Need
    from minamata_kb.national_reports.models import Answer
    from minamata_kb.submissions.models import Statement

    anon = Client()
    officer = Client()
    officer.force_login(world.officer)
    dumps = {}
    for c in COLLECTIONS.values():
        for fmt in c.all_formats:
            name = f"{c.key}.{fmt}"
            body = _get(anon, name)
            # The officer (who sees every draft in the app) downloads the same public bytes.
            assert _get(officer, name) == body, name
            dumps[name] = body
    data = {k: json.loads(v) for k, v in dumps.items() if k.endswith(".json")}

    ids = {r["id"] for r in data["resources.json"]}
    assert ids == set(Resource.objects.filter(published=True).values_list("external_id", flat=True))
    assert (
        world.draft_resource not in ids
        and world.draft_resource.encode() not in dumps["resources.csv"]
    )
    # A published activity's output naming the draft resource keeps the reference (as the
    # public page does) but never the draft's title.
    draft_title = Resource.objects.get(external_id=world.draft_resource).title
    assert draft_title not in json.dumps(data["activities.json"], ensure_ascii=False)
    codes = {a["code"] for a in data["activities.json"]}
    assert codes == set(Activity.objects.filter(published=True).values_list("code", flat=True))
    assert world.draft_activity not in codes
    events = {e["code"] for e in data["events.json"]}
    assert events == set(Event.objects.filter(published=True).values_list("code", flat=True))
    assert world.draft_event not in events
    needs = {n["id"] for n in data["needs.json"]}
    assert needs and world.draft_need not in needs
    assert all(Need.objects.get(pk=i).published for i in needs)
    statements = data["statements.json"]
    assert statements, "the demo has confirmed statements of received submissions"
    assert all(Statement.objects.get(pk=s["id"]).is_published for s in statements)
    assert Statement.objects.exclude(pk__in=[s["id"] for s in statements]).exists()
    answers = data["national-report-answers.json"]
    reports = {a["report"] for a in answers}
    public = set(
        Answer.objects.filter(report__status="submitted", report__published=True).values_list(
            "report_id", flat=True
        )
    )
    assert reports == public
    assert len(data["parties.json"]) >= 132 and data["organisations.json"]
    # Stable order: a second rendering is byte-identical; CSV has the JSON's rows.
    for c in COLLECTIONS.values():
        assert c.render("csv") == dumps[f"{c.key}.csv"]
        rows = list(csv.DictReader(io.StringIO(dumps[f"{c.key}.csv"].decode())))
        assert len(rows) == len(data[f"{c.key}.json"]), c.key


def _the_page_lists_every_dump_with_its_size(world: Any) -> None:
    page = Client().get("/open-data/").content.decode()
    for c in COLLECTIONS.values():
        for fmt in c.all_formats:
            assert f"/open-data/{c.key}.{fmt}" in page
    assert Client().get("/open-data/nothing.csv").status_code == 404
    assert Client().get("/open-data/resources.xml").status_code == 404


def _dumps_reimport_unchanged(world: Any, tmp_path: Path) -> None:
    from minamata_kb.activities.importing import import_activities
    from minamata_kb.library.transfer import import_lines

    anon = Client()
    lines = _get(anon, "resources.jsonl").split(b"\n")
    lines = [ln for ln in lines if ln]
    out = import_lines(lines)
    assert not out.errors and not out.created and not out.updated, out.summary()
    assert len(out.unchanged) == len(lines) > 10
    path = tmp_path / "activities.csv"
    path.write_bytes(_get(anon, "activities.csv"))
    report = import_activities(path)
    assert not report.errors and not report.created, report.summary()
    assert len(report.updated) + len(report.unchanged) > 10
    # What was re-imported is what was there: the dump is the same after the import.
    assert _get(anon, "activities.csv") == path.read_bytes()
    from minamata_kb.registry.services import import_organisations, import_parties

    for name, importer in (
        ("parties.csv", import_parties),
        ("organisations.csv", import_organisations),
    ):
        path = tmp_path / name
        path.write_bytes(_get(anon, name))
        report = importer(path)
        assert not report.errors and not report.created, (name, report.summary())
        assert not report.updated, (name, report.updated[:5])
        assert _get(anon, name) == path.read_bytes(), name


@pytest.mark.django_db
def test_csv_cells_are_neutralised(personas: Any) -> None:
    from minamata_kb.matching import services as matching

    matching.save_need(
        None, party=personas.world.party_a, text='=HYPERLINK("http://x.example")', published=True
    )
    body = Client().get("/open-data/needs.csv").content.decode()
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


@pytest.mark.django_db
def test_the_needs_dump_keeps_its_columns_in_order(personas: Any) -> None:
    """Readers of the CSV dumps read columns by position too: the needs dump's header is fixed
    (topics before articles, as it has always been)."""
    from minamata_kb.matching import services as matching

    matching.save_need(None, party=personas.world.party_a, text="Training.", published=True)
    header = Client().get("/open-data/needs.csv").content.decode().splitlines()[0]
    assert header.split(",") == [
        "id", "reference", "party", "party_name", "text", "language", "topics", "articles",
        "priority", "status", "source", "source_ref", "published", "created_at", "matched_at",
        "url",
    ]  # fmt: skip


def _the_cli_writes_every_dump_and_the_catalogue(world: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("export_open_data", output=tmp_path / "od", stdout=out)
    names = {p.name for p in (tmp_path / "od").iterdir()}
    for c in COLLECTIONS.values():
        for fmt in c.all_formats:
            assert f"{c.key}.{fmt}" in names
            assert (tmp_path / "od" / f"{c.key}.{fmt}").read_bytes() == c.render(fmt)
    assert "catalog.jsonld" in names and not any(n.endswith(".part") for n in names)


def _dcat_catalogue_describes_every_dataset(world: Any) -> None:
    r = Client().get("/open-data/catalog.jsonld")
    assert r["Content-Type"].startswith("application/ld+json")
    cat = r.json()
    assert cat["@type"] == "dcat:Catalog" and "dcat" in cat["@context"]
    by_id = {d["dct:identifier"]: d for d in cat["dcat:dataset"]}
    assert set(by_id) == set(COLLECTIONS)
    for key, d in by_id.items():
        assert d["dct:title"] and d["dct:description"] and d["dct:license"]["@id"]
        assert d["dct:modified"]["@value"][:2] == "20"
        urls = [x["dcat:downloadURL"]["@id"] for x in d["dcat:distribution"]]
        assert f"http://testserver/open-data/{key}.csv" in urls
        assert f"http://testserver/open-data/{key}.json" in urls
        for dist in d["dcat:distribution"]:
            got = Client().get(dist["dcat:downloadURL"]["@id"].replace("http://testserver", ""))
            assert int(dist["dcat:byteSize"]["@value"]) == len(got.content)


def _ld(html: str) -> dict:
    tree = etree.HTML(html)
    scripts = tree.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1, len(scripts)
    return json.loads(scripts[0].text)


def _schema_org_on_resource_organisation_and_event_pages(world: Any) -> None:
    from minamata_kb.activities.models import Event
    from minamata_kb.library.models import Resource
    from minamata_kb.registry.models import Organisation

    anon = Client()
    r = Resource.objects.filter(published=True).order_by("external_id").first()
    assert r is not None
    r.title = 'Guide </script><script>alert(1)</script> & "more"'
    r.save()
    page = anon.get(r.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "</script><script>alert(1)" not in html
    data = _ld(html)
    assert data["@context"] == "https://schema.org"
    assert "CreativeWork" in (data["@type"] if isinstance(data["@type"], list) else [data["@type"]])
    assert data["name"] == r.title and data["identifier"] == r.external_id
    org = Organisation.objects.order_by("slug").first()
    assert org is not None
    data = _ld(anon.get(f"/registry/organisations/{org.slug}/").content.decode())
    assert data["@type"] == "Organization" and data["name"] == org.name
    ev = Event.objects.filter(published=True).order_by("code").first()
    assert ev is not None
    data = _ld(anon.get(ev.get_absolute_url()).content.decode())
    assert data["@type"] == "Event" and data["name"] == ev.title
    # A draft's page, seen by the secretariat, describes nothing to harvesters.
    officer = Client()
    officer.force_login(world.officer)
    draft = Resource.objects.get(external_id=world.draft_resource)
    html = officer.get(draft.get_absolute_url()).content.decode()
    assert "application/ld+json" not in html


def _sitemap_lists_published_pages_only(world: Any) -> None:
    from minamata_kb.library.models import Resource

    r = Client().get("/sitemap.xml")
    assert r.status_code == 200
    tree = etree.fromstring(r.content)
    locs = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") if e.text}
    published = Resource.objects.filter(published=True).order_by("external_id").first()
    assert published is not None
    draft = Resource.objects.get(external_id=world.draft_resource)
    assert f"http://testserver{published.get_absolute_url()}" in locs
    assert f"http://testserver{draft.get_absolute_url()}" not in locs
    assert not any(f"/activities/{world.draft_activity}/" in u for u in locs)
    assert any("/registry/parties/GHA/" in u for u in locs)


def _search_and_party_feeds_are_atom(world: Any) -> None:
    anon = Client()
    r = anon.get("/search/feed/", {"q": "mercury"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(r.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    from minamata_kb.library.models import Resource

    draft = Resource.objects.get(external_id=world.draft_resource)
    assert not any(u.endswith(draft.get_absolute_url()) for u in links)
    assert etree.fromstring(anon.get("/search/feed/").content).tag == f"{ATOM}feed"
    r = anon.get("/registry/parties/gha/feed/")
    assert r.status_code == 200
    feed = etree.fromstring(r.content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries, "Ghana has published records in the demo"
    titles = " ".join(e.findtext(f"{ATOM}title") or "" for e in entries)
    assert "A private need." not in titles
    assert anon.get("/registry/parties/XXX/feed/").status_code == 404


@pytest.mark.django_db
@pytest.mark.integration
def test_open_data_on_the_demo_world(world: Any, tmp_path: Path) -> None:
    """One demo world (it takes minutes to build) for every check that needs real content."""
    _every_dump_lists_only_public_records(world)
    _the_page_lists_every_dump_with_its_size(world)
    _dumps_reimport_unchanged(world, tmp_path)
    _the_cli_writes_every_dump_and_the_catalogue(world, tmp_path)
    _dcat_catalogue_describes_every_dataset(world)
    _schema_org_on_resource_organisation_and_event_pages(world)
    _sitemap_lists_published_pages_only(world)
    _search_and_party_feeds_are_atom(world)


@pytest.mark.django_db
def test_party_and_search_pages_link_their_feeds(personas: Any) -> None:
    html = Client().get("/registry/parties/GHA/").content.decode()
    assert 'type="application/atom+xml" href="/registry/parties/GHA/feed/"' in html
    r = Client().get("/registry/parties/GHA/feed/")
    assert etree.fromstring(r.content).tag == f"{ATOM}feed"


@pytest.mark.django_db
def test_the_open_data_page_speaks_the_six_languages(personas: Any) -> None:
    for lang, title in (
        ("fr", "Données ouvertes"),
        ("ar", "البيانات المفتوحة"),
        ("zh-hans", "开放数据"),
    ):
        html = Client(headers={"Accept-Language": lang}).get("/open-data/").content.decode()
        assert f"<h1>{title}</h1>" in html, lang


@pytest.mark.integration
@pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning")
def test_the_list_page_measures_each_dump_once_and_again_after_a_change(world: Any) -> None:
    """The page shows the true size of every file, does not render the dumps again on the next
    view, and measures afresh once a collection changes."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minamata_kb.library.models import Resource
    from minamata_kb.open_data import services

    cache.clear()
    client = Client()
    with CaptureQueriesContext(connection) as first:
        client.get("/open-data/")
    with CaptureQueriesContext(connection) as second:
        html = client.get("/open-data/").content.decode()
    assert len(second) < len(first) / 2, (len(first), len(second))
    sizes = services.file_sizes(COLLECTIONS["resources"])
    assert sizes["jsonl"] == len(_get(client, "resources.jsonl"))
    assert "resources.jsonl" in html

    shown = Resource.objects.filter(published=True).order_by("external_id").first()
    assert shown is not None
    shown.title += " (revised)"
    shown.save()
    after = services.file_sizes(COLLECTIONS["resources"])
    assert after["jsonl"] == len(_get(client, "resources.jsonl")) == sizes["jsonl"] + 10
