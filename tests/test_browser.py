"""A real Chromium: the language switcher works and Arabic pages are mirrored."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required under CI (make system installs it)")
        pytest.skip("Chromium is not installed (run `make system`)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the live server
    # happen in another thread, so this only silences Django's guard for this test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        yield browser.new_page(viewport={"width": 390, "height": 844})
        browser.close()


def test_switching_to_arabic_mirrors_the_page(page, live_server, ref_world, tmp_path):
    page.goto(f"{live_server.url}/registry/parties/GHA/")
    assert page.get_attribute("html", "dir") == "ltr"
    page.select_option("#lang-select", "ar")
    page.click(".lang button")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert "غانا" in page.inner_text("h1")
    page.screenshot(path=str(tmp_path / "party-ar.png"), full_page=True)


def test_skip_link_is_the_first_tab_stop(page, live_server, ref_world):
    page.goto(f"{live_server.url}/registry/parties/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
