"""Each persona's main journey in Chromium, in English and Arabic, at desktop and phone width.

- a focal point finds the open call on its home, submits a need through the form and tracks it;
- an organisation's editor finds a party's need, offers help and sees the offer's state;
- a secretariat officer answers an assigned request and builds a document;
- the public searches from the home page and opens a result.

On every page a journey visits axe-core must find no WCAG 2.1 A/AA violation. (The public search
journey's keyboard and facet layout are in core/tests/test_browser_journeys.py, the officer's
statement review in submissions/tests/test_review_browser.py.) Screenshots of the key pages go to $JOURNEY_SHOTS.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from minamata_kb.core.tests.browser import CHROMIUM, VIEWPORTS, axe, chromium, open_page, shoot

pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium"),
]
EDITIONS = [("en", "desktop"), ("ar", "desktop"), ("en", "phone"), ("ar", "phone")]


@pytest.fixture
def world(
    personas: Any, live_server: LiveServer, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """An issued call, a published need of Tuvalu (served by the editor's centre) and a
    request of Ghana assigned to the officer: each journey's starting point."""
    from minamata_kb.assistance.models import Request
    from minamata_kb.assistance.services import file_request
    from minamata_kb.assistance.workflow import transition
    from minamata_kb.matching.services import save_need
    from minamata_kb.submissions.tests.factories import make_call

    settings.SEARCH_EMBEDDERS = ["hash"]
    w, officer = personas.world, personas.officer.user
    call = make_call(officer)
    need, _ = save_need(
        officer,
        party=w.party_c,
        text="Tuvalu needs training on the interim storage of mercury waste.",
        language="en",
        topics=["waste"],
        articles=[10],
        published=True,
        classify=False,
    )
    req = file_request(
        personas.fp_a.user,
        w.party_a,
        kind=Request.Kind.values[0],
        title="Help with a mercury inventory",
        text="We need guidance to prepare our first mercury inventory.",
    )
    transition(officer, req, Request.State.TRIAGED)
    transition(officer, req, Request.State.ASSIGNED, assignee=officer)
    # Playwright's sync API runs an event loop in this thread; the ORM work is done above.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sessions = {
        name: getattr(personas, name).client.cookies["sessionid"].value
        for name in ("fp_a", "partner", "officer")
    }
    return live_server.url, sessions, call, need, req


@pytest.fixture
def browser(world: Any) -> Iterator[Any]:  # after world: its loop ends before the flush
    with chromium() as b:
        yield b


def _visit(page: Any, url: str, shot: str = "") -> None:
    page.goto(url)
    assert page.locator("main").count() == 1, url
    found = axe(page)
    assert found == [], (url, found)
    # nothing widens the page beyond the screen (a phone would scroll sideways)
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, (url, wide)
    if shot:
        shoot(page, shot)


def _submit(page: Any, form: Any) -> None:
    """Press the form's submit button and wait for the page it leads to."""
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").last.click()


@pytest.mark.parametrize(("lang", "width"), EDITIONS)
def test_focal_point_submits_a_need_and_tracks_it(
    world: Any, browser: Any, lang: str, width: str
) -> None:
    base, sessions, call, _need, _req = world
    page = open_page(browser, base, lang, VIEWPORTS[width], sessions["fp_a"])
    _visit(page, base + "/", f"fp-home-{lang}-{width}")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    # the open call is on the focal point's home; from it, the form
    call_url = f"/submissions/calls/{call.pk}/"
    page.locator(f"main a[href='{call_url}']").first.click()
    page.wait_for_url(f"**{call_url}")
    found = axe(page)
    assert found == [], found
    page.locator(f"main a[href='{call_url}submit/']").first.click()
    page.wait_for_url(f"**{call_url}submit/")
    assert axe(page) == []
    text = "Ghana needs laboratory equipment to measure mercury in fish."
    # each kind of statement is a closed section: open "needs", then type
    page.locator("details", has=page.locator("textarea[name='need-text']")).locator(
        "summary"
    ).click()
    page.fill("textarea[name='need-text']", text)
    form = page.locator("form", has=page.locator("textarea[name='need-text']"))
    _submit(page, form)
    # received: the page says so, in the page's language, with the statement shown as typed
    from minamata_kb.submissions.models import Submission

    sub = Submission.objects.get(party__code="GHA", call=call)
    assert page.locator(".messages, [role=status]").first.inner_text().strip()
    _visit(page, f"{base}/submissions/s/{sub.pk}/", f"fp-submission-{lang}-{width}")
    assert text in page.locator("main").inner_text()
    # tracking: the home now lists this submission
    _visit(page, base + "/")
    assert page.locator(f"main a[href='/submissions/s/{sub.pk}/']").count() >= 1


@pytest.mark.parametrize(("lang", "width"), EDITIONS)
def test_editor_offers_help_on_a_need(world: Any, browser: Any, lang: str, width: str) -> None:
    base, sessions, _call, need, _req = world
    page = open_page(browser, base, lang, VIEWPORTS[width], sessions["partner"])
    _visit(page, base + "/", f"editor-home-{lang}-{width}")
    # the library list, filtered (its filters are a form of their own)
    _visit(page, base + "/library/?topic=waste", f"editor-library-{lang}-{width}")
    _visit(page, base + "/matching/")
    page.locator(f"main a[href='/matching/needs/{need.pk}/']").first.click()
    page.wait_for_url(f"**/matching/needs/{need.pk}/")
    assert axe(page) == []
    form = page.locator(f"form[action='/matching/needs/{need.pk}/offer/']")
    note = form.locator("textarea[name='note'], input[name='note']")
    if note.count():
        note.first.fill("Our centre runs a storage course in the region.")
    _submit(page, form)
    shoot(page, f"editor-offered-{lang}-{width}")
    assert axe(page) == []
    from minamata_kb.matching.models import Match

    offer = Match.objects.get(need=need)
    assert offer.origin if hasattr(offer, "origin") else True
    # both see the state: the editor on its offers page
    _visit(page, base + "/matching/offers/", f"editor-offers-{lang}-{width}")
    assert page.locator(f"main a[href='/matching/needs/{need.pk}/']").count() >= 1


@pytest.mark.parametrize(("lang", "width"), EDITIONS)
def test_officer_answers_a_request_and_builds_a_document(
    world: Any, browser: Any, lang: str, width: str
) -> None:
    base, sessions, _call, _need, req = world
    page = open_page(browser, base, lang, VIEWPORTS[width], sessions["officer"])
    _visit(page, base + "/", f"officer-home-{lang}-{width}")
    _visit(page, f"{base}/assistance/{req.pk}/", f"officer-request-{lang}-{width}")
    form = page.locator(f"form[action='/assistance/{req.pk}/transition/']")
    # the form shows the chosen step's fields only: answering needs no reason or assignee
    form.locator("select[name='to_state']").select_option("rejected")
    assert form.locator("textarea[name='reason']").is_visible()
    assert form.locator("textarea[name='answer']").is_hidden()
    form.locator("select[name='to_state']").select_option("answered")
    assert form.locator("textarea[name='reason']").is_hidden()
    assert form.locator("select[name='assignee']").is_hidden()
    # long pickers can be searched
    assert form.locator("input[type=search][aria-controls='id_resources']").is_visible()
    assert axe(page) == []
    form.locator("textarea[name='answer']").fill("See the inventory toolkit and its webinar.")
    _submit(page, form)
    assert axe(page) == []
    req.refresh_from_db()
    assert req.state == "answered"
    # a COP document: the Article 14(4) technology review, in the page's language
    _visit(page, base + "/documents/")
    form = page.locator("form[method=post]", has=page.locator("select[name='kind']"))
    form.locator("select[name='kind']").select_option("technology")
    form.locator("select[name='lang']").select_option(lang)
    form.locator("select[name='format']").select_option("md")
    _submit(page, form)
    assert axe(page) == []
    shoot(page, f"officer-documents-{lang}-{width}")
    from minamata_kb.documents.models import Document

    doc = Document.objects.get(kind="technology", language=lang)
    assert page.locator(f"main a[href='/documents/{doc.pk}/download/']").count() >= 1


@pytest.mark.parametrize(("lang", "width"), EDITIONS)
def test_public_searches_and_opens_a_result(
    world: Any, browser: Any, lang: str, width: str
) -> None:
    import json

    from minamata_kb.library.transfer import import_lines

    base = world[0]
    record = {
        "id": "journey-guide",
        "title": "Interim storage of mercury waste: a checklist",
        "language": "en",
        "type": "guidance",
        "text": "Containers, labels and a locked room for mercury waste awaiting disposal.",
    }
    assert not import_lines([json.dumps(record).encode()]).errors
    page = open_page(browser, base, lang, VIEWPORTS[width])
    _visit(page, base + "/", f"public-home-{lang}-{width}")
    page.fill("#home-q", "mercury waste storage")
    with page.expect_navigation():
        page.press("#home-q", "Enter")
    assert axe(page) == []
    shoot(page, f"public-search-{lang}-{width}")
    page.locator("#results h2 a").first.click()
    page.wait_for_url("**/library/r/journey-guide/**")
    assert axe(page) == []
    assert "locked room" in page.locator("main").inner_text()
