"""The report form's sub-questions in Chromium (Playwright), in English and in Arabic: a focal
point's "no" to Q14 closes Q15 and Q16, "partly" to Q20 opens Q21, the draft saves what applies;
without JavaScript the skipped sub-question is shown disabled with its condition. The dashboard
says which cycle it compared with. With SHOTS_DIR set, screenshots are kept there. Skipped where
Playwright or Chromium is missing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from minamata_kb.core.tests.browser import CHROMIUM, chromium

pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium"),
]


@pytest.fixture
def site(personas: Any, live_server: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    from minamata_kb.national_reports import refdata, services
    from minamata_kb.national_reports.importer import import_national_reports
    from minamata_kb.national_reports.models import Cycle

    from .conftest import full_rows, write_rows

    refdata.load(None)
    short, full = Cycle.objects.get(code="short-2019"), Cycle.objects.get(code="full-2021")
    rows = full_rows("MEX", short, gap=True) + full_rows("TUV", short, gap=True)
    rows += full_rows("MEX", full) + full_rows("TUV", full, gap=True)
    import_national_reports(write_rows(tmp_path / "r.csv", rows), publish=True)
    personas.report = services.start_report(personas.fp_a.user, personas.world.party_a, full)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    personas.url = live_server.url
    return personas


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _open(browser: Any, site: Any, lang: str, path: str, js: bool = True) -> Any:
    base = site.url
    ctx = browser.new_context(
        viewport={"width": 1100, "height": 900}, locale=lang, java_script_enabled=js
    )
    session = site.fp_a.client.cookies["sessionid"].value
    ctx.add_cookies(
        [
            {"name": "django_language", "value": lang, "url": base},
            {"name": "sessionid", "value": session, "url": base},
        ]
    )
    page = ctx.new_page()
    page.goto(base + path)
    return page


def _shot(page: Any, name: str, anchor: str = "") -> None:
    if os.environ.get("SHOTS_DIR"):
        out = Path(os.environ["SHOTS_DIR"])
        out.mkdir(parents=True, exist_ok=True)
        if anchor:
            page.locator(anchor).evaluate("e => e.scrollIntoView()")
            page.evaluate("window.scrollBy(0, -60)")
        page.screenshot(path=str(out / f"{name}.png"))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_sub_questions_open_and_close_with_the_parent_answer(
    site: Any, browser: Any, lang: str
) -> None:
    from minamata_kb.national_reports.models import Answer

    report = site.report
    page = _open(browser, site, lang, f"/national-reports/reports/{report.pk}/edit/")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    q15 = page.locator("#q15")
    assert q15.is_hidden()  # Q14 not answered yet: Q15 waits for it
    page.select_option("#id_q14", "yes")
    assert q15.is_visible() and page.locator("#id_q15").is_enabled()
    _shot(page, f"form-q14-yes-{lang}", "#q14")
    page.select_option("#id_q14", "no")
    assert q15.is_hidden() and page.locator("#q16").is_hidden()
    page.select_option("#id_q20", "partly")
    assert page.locator("#q21").is_visible()
    page.select_option("#id_q21", "yes")
    _shot(page, f"form-q14-no-q20-partly-{lang}", "#q14")
    page.click("button[name=save]")
    page.wait_for_load_state()
    saved = dict(Answer.objects.filter(report=report).values_list("question__number", "value"))
    assert saved == {14: "no", 20: "partly", 21: "yes"}
    # without JavaScript the saved "no" keeps Q15 shown, disabled, with its condition
    plain = _open(browser, site, lang, f"/national-reports/reports/{report.pk}/edit/", js=False)
    assert plain.locator("#q15").is_visible() and plain.locator("#id_q15").is_disabled()
    assert plain.locator("#q15 .condition").is_visible()
    assert plain.locator("#id_q21").is_enabled()
    _shot(plain, f"form-no-js-skipped-{lang}", "#q14")
    # the report read whole: Q15 said to be skipped, Q21 answered
    detail = _open(browser, site, lang, f"/national-reports/reports/{report.pk}/")
    assert detail.locator("#answer-q15 em").is_visible()
    assert detail.locator("#answer-q21 em").count() == 0
    _shot(detail, f"detail-skipped-{lang}", "#answer-q13")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_dashboard_says_what_it_compared_with(site: Any, browser: Any, lang: str) -> None:
    page = _open(browser, site, lang, "/national-reports/dashboard/?cycle=full-2021")
    note = page.locator("#compared-with")
    assert note.is_visible() and note.inner_text().strip()
    if lang == "en":
        assert "No earlier cycle of this kind has reports" in note.inner_text()
    _shot(page, f"dashboard-changes-{lang}", "#changes")
