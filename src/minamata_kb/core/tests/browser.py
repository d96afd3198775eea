"""What the Chromium tests share: the browser, a page signed in as a persona, axe-core, shots.

Playwright and Chromium are real (no stand-ins); a test module that uses this skips cleanly
where either is missing. axe-core is vendored beside this file (vendor/axe-core).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOTS = Path(os.environ.get("JOURNEY_SHOTS", "/tmp/shots_journeys"))


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def open_page(
    browser: Any, base: str, lang: str, viewport: dict[str, int], session: str = ""
) -> Any:
    """A new page in `lang` at `viewport`, signed in with the session cookie `session` if given.

    `bypass_csp` only lets the test inject axe-core; the site's own scripts are files.
    """
    ctx = browser.new_context(viewport=viewport, locale=lang, bypass_csp=True)
    cookies = [{"name": "django_language", "value": lang, "url": base}]
    if session:
        cookies.append({"name": "sessionid", "value": session, "url": base})
    ctx.add_cookies(cookies)
    return ctx.new_page()


def axe(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the page as it is now: rule id and the nodes."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))""",
        WCAG,
    )
    return found


def shoot(page: Any, name: str) -> Path:
    """A full-page screenshot for a person to look at (JOURNEY_SHOTS, default /tmp)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
