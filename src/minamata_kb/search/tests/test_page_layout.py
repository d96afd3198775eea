"""The search page for a phone and a keyboard: results before the facets in the page (the
facets behind a <details> toggle), a skip link to the results, names in the page's language."""

from __future__ import annotations

import json
from typing import Any

import pytest

from minamata_kb.library.transfer import import_lines

DOCS = [
    {
        "id": f"lay-{i}",
        "title": f"Dental amalgam separators, guide {i}",
        "language": lang,
        "type": "guidance",
        "text": "Dental amalgam separators keep amalgam waste out of the sewer.",
    }
    for i, lang in enumerate(["en", "fr", "es"])
]


@pytest.fixture
def corpus(ref_world: Any) -> None:
    out = import_lines([json.dumps(d).encode() for d in DOCS])
    assert not out.errors, out.errors


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_results_come_before_the_facets_and_a_skip_link_leads_to_them(corpus, client, lang):
    client.cookies["django_language"] = lang
    page = client.get("/search/", {"q": "dental amalgam separators"}).content.decode()
    results = page.index('<ol class="results" id="results"')
    facets = page.index('<details class="facets" id="refine">')
    first_hit = page.index("Dental amalgam separators, guide")
    assert results < first_hit < facets
    assert "<summary>" in page[facets:]  # behind a toggle that works without JavaScript
    skip = page.index('class="skip" href="#results"')
    assert skip < page.index('role="search"')  # reachable on the first Tab presses
    assert "/static/search/facets.js" in page


@pytest.mark.django_db
def test_language_badges_are_language_names_in_the_page_language(corpus, client):
    client.cookies["django_language"] = "fr"
    page = client.get("/search/", {"q": "dental amalgam separators"}).content.decode()
    assert '<span class="badge">anglais</span>' in page
    assert '<span class="badge">en</span>' not in page
