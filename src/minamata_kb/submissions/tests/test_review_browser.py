"""The review screen in Chromium: an officer selects rows and confirms them by keyboard alone,
in English and in Arabic, at desktop and phone width; axe-core finds no WCAG 2.1 A/AA
violation before, during (help open, a row being corrected) and after. Screenshots go to
$REVIEW_SHOTS (default /tmp/shots_h2) for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from minamata_kb.core.tests.browser import CHROMIUM, DESKTOP, PHONE, axe, chromium
from minamata_kb.submissions.models import Statement
from minamata_kb.submissions.tests.test_review_screen import _proposed, _submission

pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium"),
]
SHOTS = Path(os.environ.get("REVIEW_SHOTS", "/tmp/shots_h2"))


@pytest.fixture
def site(
    personas: Any, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str, list[Statement]]:
    w = personas.world
    officer = personas.officer.user
    gha = _submission(officer, w.party_a)
    mex = _submission(officer, w.party_b, gha.call)
    sts = [
        _proposed(
            gha, "Our artisanal miners need mercury-free gold processing equipment.", position=1
        ),
        _proposed(
            gha,
            "Ghana received training on mercury inventories from UNITAR.",
            "support_received",
            0.41,
            2,
        ),  # fmt: skip
        _proposed(mex, "المكسيك بحاجة إلى مختبر لتحليل الزئبق في المياه.", score=0.62, position=1),
        _proposed(mex, "Mexico needs support to phase out mercury-added products.", position=2),
    ]
    session = personas.officer.client.cookies["sessionid"].value
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return live_server.url, session, sts


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _active(page: Any, what: str) -> Any:
    return page.evaluate(f"document.activeElement.{what}")


@pytest.mark.parametrize(
    ("lang", "width"), [("en", "desktop"), ("ar", "desktop"), ("en", "phone"), ("ar", "phone")]
)
def test_select_and_confirm_by_keyboard(
    site: tuple[str, str, list[Statement]], browser: Any, lang: str, width: str
) -> None:
    base, session, sts = site
    ctx = browser.new_context(
        viewport=DESKTOP if width == "desktop" else PHONE, locale=lang, bypass_csp=True
    )
    ctx.add_cookies(
        [
            {"name": "django_language", "value": lang, "url": base},
            {"name": "sessionid", "value": session, "url": base},
        ]
    )
    page = ctx.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = f"{lang}-{width}"
    page.goto(base + "/submissions/review/")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("#review-table tbody tr[data-id]").count() == 4
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / f"{shot}-list.png"), full_page=True)

    # typing in a field is typing, not a shortcut
    page.focus("#id_below")
    page.keyboard.type("jx")
    assert _active(page, "id") == "id_below"
    assert page.locator("tr.current").count() == 0
    page.evaluate("document.activeElement.blur()")

    # ? opens the help, Escape closes it
    page.keyboard.press("Shift+Slash")
    assert page.locator("#shortcut-help").evaluate("d => d.open")
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / f"{shot}-help.png"))
    page.keyboard.press("Escape")
    assert not page.locator("#shortcut-help").evaluate("d => d.open")

    # j moves to the first row, e opens its correction form inside the table, Escape closes it
    page.keyboard.press("j")
    assert _active(page, "id") == f"sel-{sts[0].pk}"
    page.keyboard.press("e")
    page.wait_for_selector("tr.edit-row form.review-edit")
    assert _active(page, "tagName") == "SELECT"  # the first field: the role
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / f"{shot}-edit.png"), full_page=True)
    page.keyboard.press("Escape")
    assert page.locator("tr.edit-row").count() == 0
    assert _active(page, "id") == f"sel-{sts[0].pk}"

    # x selects the first row; j j x the third; k goes back up; c confirms the two selected
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("k")
    assert _active(page, "id") == f"sel-{sts[1].pk}"
    assert page.locator("tr.selected").count() == 2
    assert page.locator("#selected-count").inner_text().strip().endswith("2")
    page.screenshot(path=str(SHOTS / f"{shot}-selected.png"), full_page=True)
    with page.expect_navigation():
        page.keyboard.press("c")
    status = {st.pk: Statement.objects.get(pk=st.pk).status for st in sts}
    assert status == {
        sts[0].pk: "confirmed",
        sts[1].pk: "proposed",
        sts[2].pk: "confirmed",
        sts[3].pk: "proposed",
    }
    message = page.locator(".messages li").inner_text()
    assert "2" in message
    if lang == "en":
        assert message == "2 statements confirmed."
    assert page.locator("#review-table tbody tr[data-id]").count() == 2
    # a statement in Arabic keeps its own direction inside the English page, and the reverse
    cell = page.locator("td.text p").first
    assert cell.get_attribute("dir") == "auto"
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / f"{shot}-after.png"), full_page=True)
    # r with nothing selected rejects the current row; the rejection can be undone
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("r")
    assert Statement.objects.get(pk=sts[1].pk).status == "rejected"
    assert page.locator("#review-table tbody tr[data-id]").count() == 1
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / f"{shot}-rejected.png"), full_page=True)
    with page.expect_navigation():
        page.click("#undo-reject")
    assert Statement.objects.get(pk=sts[1].pk).status == "proposed"
    assert page.locator("#review-table tbody tr[data-id]").count() == 2
    # without the inline form, "Correct" is a page of its own
    page.goto(base + f"/submissions/review/{sts[1].pk}/edit/?back=page%3D1")
    assert page.locator("form.review-edit").count() == 1
    assert page.locator("blockquote.statement-text").get_attribute("dir") == "auto"
    page.click("details.more summary")  # the text, countries, amount and period
    assert page.locator("form.review-edit textarea[name=text]").is_visible()
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / f"{shot}-edit-page.png"), full_page=True)
    ctx.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_submission_page_keeps_role_and_status_words_whole(
    site: tuple[str, str, list[Statement]], browser: Any, lang: str
) -> None:
    """The statements table of a submission: a long text squeezed the Status column until
    'Proposed' broke as 'Propos|ed' and Arabic 'مقترح' as 'مقتر|ح' (cells may break anywhere,
    for checksums); a role or a status wraps between words only."""
    base, session, sts = site
    long = " ".join(["Ghana needs laboratory equipment and training for mercury analysis."] * 4)
    _proposed(sts[0].submission, long, position=3)
    ctx = browser.new_context(viewport={"width": 1000, "height": 900}, locale=lang)
    ctx.add_cookies(
        [
            {"name": "django_language", "value": lang, "url": base},
            {"name": "sessionid", "value": session, "url": base},
        ]
    )
    page = ctx.new_page()
    page.goto(f"{base}/submissions/s/{sts[0].submission_id}/")
    lines = page.evaluate(
        """() => [...document.querySelectorAll('main table tbody tr')].map(tr => {
            const cell = tr.cells[4], range = document.createRange();  // Status
            range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        })"""
    )
    assert lines and all(n == 1 for n in lines), lines
