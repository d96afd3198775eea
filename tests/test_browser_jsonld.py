"""A real Chromium: the schema.org JSON-LD blocks raise no content-security-policy error.

The site's CSP says `script-src 'self'`; a `<script type="application/ld+json">` is a data block,
never executed, so Chromium must neither run nor report it (issue 16, item 4).
"""

import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required under CI (make system installs it)")
        pytest.skip("Chromium is not installed (run `make system`)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser.new_page()
        browser.close()


def test_json_ld_pages_have_no_csp_console_error(
    page: Any, live_server: LiveServer, ref_world: Any
) -> None:
    from minamata_kb.activities.models import Event
    from minamata_kb.library.models import Resource

    r = Resource.objects.create(
        external_id="jsonld-guide", title="Inventory guide", language="en", published=True
    )
    e = Event.objects.create(
        code="jsonld-webinar", title="Inventory webinar", kind=Event.Kind.values[0], published=True
    )
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda exc: messages.append(f"pageerror: {exc}"))
    for path, kind, name in (
        (r.get_absolute_url(), "CreativeWork", r.title),
        ("/registry/organisations/bcrc-test/", "Organization", "Test Regional Centre"),
        (e.get_absolute_url(), "Event", e.title),
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
        text = page.eval_on_selector('script[type="application/ld+json"]', "s => s.textContent")
        data = json.loads(text)
        types = data["@type"] if isinstance(data["@type"], list) else [data["@type"]]
        assert kind in types and data["name"] == name, (path, data)
    assert not [m for m in messages if "Content Security Policy" in m or "pageerror" in m], messages
