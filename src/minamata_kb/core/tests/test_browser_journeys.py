"""Browser journeys in Chromium (Playwright): the public search at phone width in Arabic and at
desktop width in English, by keyboard; axe-core (vendored, vendor/axe-core) finds no WCAG 2.1
A/AA violation on the pages visited. Skipped where Playwright or Chromium is missing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from minamata_kb.core.tests.browser import CHROMIUM, DESKTOP, PHONE, axe, chromium, open_page

pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium"),
]

DOCS = [
    {
        "id": f"journey-{i}",
        "title": title,
        "language": lang,
        "type": "guidance",
        "text": "Interim storage of mercury waste: containers, labels and a locked room.",
    }
    for i, (lang, title) in enumerate(
        [
            ("en", "Interim storage of mercury waste (a checklist)"),
            ("fr", "Stockage provisoire des déchets de mercure"),
            ("es", "Almacenamiento provisional de desechos de mercurio"),
            ("ar", "التخزين المؤقت لنفايات الزئبق"),
        ]
    )
]


@pytest.fixture
def site(
    ref_world: Any, live_server: LiveServer, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    from minamata_kb.library.transfer import import_lines
    from minamata_kb.search.index import invalidate

    settings.SEARCH_EMBEDDERS = ["hash"]
    settings.SEARCH_MIN_SIMILARITY = 0.2
    invalidate()
    out = import_lines([json.dumps(d, ensure_ascii=False).encode() for d in DOCS])
    assert not out.errors, out.errors
    # Playwright's sync API runs an event loop in this thread; the ORM work is done above.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield live_server.url
    invalidate()


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def test_phone_arabic_search_results_before_facets_by_keyboard(site, browser):
    page = open_page(browser, site, "ar", PHONE)
    page.goto(site + "/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert axe(page) == []
    # the home page starts with its search box
    page.fill("#home-q", "mercury waste storage")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator("#results li").first
    facets = page.locator("#refine")
    assert results.is_visible() and "mercury" in results.inner_text().lower()
    # on a phone the facets come after the results, closed behind their toggle
    assert facets.get_attribute("open") is None
    assert results.bounding_box()["y"] < facets.bounding_box()["y"]
    assert page.locator("#refine ul").first.is_hidden()
    page.click("#refine summary")
    assert page.locator("#refine ul").first.is_visible()
    # keyboard: the second Tab reaches "skip to results", which moves focus to them
    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#results"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"
    # an English title inside the Arabic page keeps its own direction
    title = page.locator("#results h2", has_text="(a checklist)")
    assert title.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert axe(page) == []


def test_desktop_english_search_facets_open_beside_results(site, browser):
    page = open_page(browser, site, "en", DESKTOP)
    page.goto(site + "/search/?q=mercury+waste+storage")
    facets = page.locator("#refine")
    assert facets.get_attribute("open") is not None  # opened by facets.js on a wide screen
    first = page.locator("#results li").first.bounding_box()
    side = facets.bounding_box()
    assert side["x"] > first["x"]  # beside the results, on the inline-end side
    # the focus ring is drawn in the dark blue of site.css (11:1 on white)
    page.focus("#q")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert ring == "rgb(11, 61, 107)"
    assert axe(page) == []
    page.goto(site + "/api/v1/reference")
    assert page.locator("h1").inner_text() == "API reference"
    assert axe(page) == []
