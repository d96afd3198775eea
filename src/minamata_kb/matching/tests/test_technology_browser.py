"""The technology pages in Chromium (Playwright), in English and in Arabic (right to left): the
entry's name in the page's language, English (said) where not translated. With SHOTS_DIR set,
screenshots are kept there. Skipped where Playwright or Chromium is missing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

from minamata_kb.core.tests.browser import CHROMIUM, chromium

pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium"),
]


@pytest.fixture
def site(personas: Any, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> str:
    from minamata_kb.matching.catalogue import save_technology

    save_technology(
        personas.partner.user,
        {
            "slug": "led-lighting",
            "name_en": "LED lighting",
            "name_ar": "الإضاءة بالصمامات الثنائية",
            "replaces_en": "Mercury-containing fluorescent lamps",
            "replaces_ar": "المصابيح الفلورية المحتوية على الزئبق",
            "description_en": "Light-emitting diode lamps replace fluorescent lamps.",
            "sector": "products",
            "maturity": "widespread",
            "providers": ["bcrc-test", "other-ngo"],
            "countries": ["GHA", "MEX"],
            "cost_notes": "Higher purchase price, lower running cost.",
            "published": True,
        },
    )
    save_technology(
        personas.officer.user,
        {"slug": "retorts", "name_en": "Retorts", "replaces_en": "Open burning of amalgam",
         "sector": "mining", "maturity": "commercial", "published": True},
    )  # fmt: skip
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return live_server.url


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _open(browser: Any, base: str, lang: str, path: str) -> Any:
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, locale=lang)
    ctx.add_cookies([{"name": "django_language", "value": lang, "url": base}])
    page = ctx.new_page()
    page.goto(base + path)
    return page


def _shot(page: Any, name: str) -> None:
    if os.environ.get("SHOTS_DIR"):
        out = Path(os.environ["SHOTS_DIR"])
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / f"{name}.png"), full_page=True)


def test_technology_pages_in_english_and_arabic(site: str, browser: Any) -> None:
    for lang, name, direction in (
        ("en", "LED lighting", "ltr"),
        ("ar", "الإضاءة بالصمامات الثنائية", "rtl"),
    ):
        page = _open(browser, site, lang, "/matching/technologies/led-lighting/")
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("h1").inner_text() == name
        _shot(page, f"technology-detail-{lang}")
        listing = _open(browser, site, lang, "/matching/technologies/")
        assert listing.get_by_role("link", name=name).count() == 1
        # the entry without an Arabic name is listed in English, and the page says so
        assert listing.get_by_role("link", name="Retorts").count() == 1
        assert listing.locator("p.note").count() == (1 if lang == "ar" else 0)
        _shot(listing, f"technology-list-{lang}")
