"""The library page filters by language, type, topic, article and year, with the API's rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from minamata_kb.library.models import Resource
from minamata_kb.taxonomy.models import Article, ResourceType, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(ref_world: Any) -> Any:
    guide = ResourceType.objects.order_by("pk").first()
    waste = Topic.objects.get(slug="waste")
    made = {}
    for ext, lang, year, published in [
        ("lib-en", "en", 2020, True),
        ("lib-fr", "fr", 2021, True),
        ("lib-draft", "fr", 2021, False),
    ]:
        r = Resource.objects.create(
            external_id=ext, title=f"Title {ext}", language=lang, year=year, published=published
        )
        made[ext] = r
    made["lib-fr"].type = guide
    made["lib-fr"].save()
    made["lib-fr"].topics.add(waste)
    made["lib-fr"].articles.add(Article.objects.get(number=11))
    return guide, made


def _listed(client: Client, query: str) -> set[str]:
    page = client.get("/library/" + query).content.decode()
    return {ext for ext in ("lib-en", "lib-fr", "lib-draft") if f"Title {ext}" in page}


def test_each_filter_narrows_the_list_and_drafts_stay_hidden(shelf: Any, client: Client) -> None:
    guide, _ = shelf
    assert _listed(client, "") == {"lib-en", "lib-fr"}
    assert _listed(client, "?lang=fr") == {"lib-fr"}
    assert _listed(client, f"?type={guide.slug}") == {"lib-fr"}
    assert _listed(client, "?topic=waste") == {"lib-fr"}
    assert _listed(client, "?article=11") == {"lib-fr"}
    assert _listed(client, "?year=2020") == {"lib-en"}
    assert _listed(client, "?lang=en&topic=waste") == set()


def test_the_page_offers_the_filters_in_its_language_and_ignores_nonsense(
    shelf: Any, client: Client
) -> None:
    client.cookies["django_language"] = "fr"
    page = client.get("/library/?lang=zz&year=abc").content.decode()
    assert 'name="topic"' in page and 'name="lang"' in page
    assert "anglais" in page  # language names from CLDR in the page's language
    assert "Title lib-en" in page and "Title lib-fr" in page  # bad values filter nothing
