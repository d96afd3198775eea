"""The officer's review screen made for volume: bulk decisions (all or nothing, one audit
record per statement), filters, pages, corrections in place, and who may use it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.submissions import services, statement_review
from minamata_kb.submissions.models import Statement
from minamata_kb.submissions.tests.factories import Queue, _proposed, _submission

pytestmark = pytest.mark.django_db


def _status(sts: list[Statement]) -> list[str]:
    return [Statement.objects.get(pk=st.pk).status for st in sts]


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


# --------------------------------------------------------------------------- the service


def test_bulk_confirm_confirms_each_with_its_own_audit_record(queue: Queue) -> None:
    personas, sts = queue
    before = ChangeRecord.objects.count()
    done = statement_review.review_statements(
        personas.officer.user, [str(st.pk) for st in sts], "confirm"
    )
    assert sorted(st.pk for st in done) == sorted(st.pk for st in sts)
    assert _status(sts) == ["confirmed"] * 3
    written = ChangeRecord.objects.order_by("pk")[before:]
    records = [r for r in written if r.entity == "submissions.statement"]
    assert len(records) == 3 and {r.note for r in records} == {"confirm"}
    assert {r.actor_id for r in records} == {personas.officer.user.pk}
    assert {r.object_id for r in records} == {str(st.pk) for st in sts}
    assert all(Statement.objects.get(pk=st.pk).reviewed_by == personas.officer.user for st in sts)
    # as when confirmed one by one, a confirmed need statement becomes a need (issue 13 item 4)
    from minamata_kb.matching.models import Need

    needs = Need.objects.filter(source_kind="statement").values_list("source_id", flat=True)
    assert None not in needs
    assert sorted(i for i in needs if i is not None) == sorted(
        st.pk for st in sts if st.role == "need"
    )


def test_bulk_reject(queue: Queue) -> None:
    personas, sts = queue
    statement_review.review_statements(personas.officer.user, [sts[0].pk, sts[2].pk], "reject")
    assert _status(sts) == ["rejected", "proposed", "rejected"]


def test_bulk_writes_all_or_nothing(queue: Queue) -> None:
    personas, sts = queue
    officer = personas.officer.user
    # the last statement cannot be confirmed (an amount without its currency): the first two,
    # already saved inside the transaction, are undone with it
    bad = _proposed(sts[2].submission, "USD 5 given.", position=9, amount=5, currency="")
    before = ChangeRecord.objects.count()
    with pytest.raises(ValidationError):
        statement_review.review_statements(officer, [sts[0].pk, sts[2].pk, bad.pk], "confirm")
    assert _status([*sts, bad]) == ["proposed"] * 4
    assert ChangeRecord.objects.count() == before
    # a statement decided meanwhile, one unknown, a bad id, an unknown decision: nothing changes
    statement_review.review_statement(officer, sts[1], "confirm")
    before = ChangeRecord.objects.count()
    refused: list[tuple[list[Any], str]] = [
        ([sts[0].pk, sts[1].pk], "confirm"),
        ([sts[0].pk, 999999], "confirm"),
        ([sts[0].pk, "1; drop"], "confirm"),
        ([sts[0].pk], "edit"),
        ([], "confirm"),
    ]
    for ids, decision in refused:
        with pytest.raises(ValidationError):
            statement_review.review_statements(officer, ids, decision)
    assert _status(sts) == ["proposed", "confirmed", "proposed"]
    assert ChangeRecord.objects.count() == before


def test_bulk_skips_nothing_of_a_withdrawn_submission(queue: Queue) -> None:
    personas, sts = queue
    services.withdraw_submission(personas.officer.user, sts[2].submission, "sent twice")
    with pytest.raises(ValidationError):
        statement_review.review_statements(personas.officer.user, [sts[0].pk, sts[2].pk], "confirm")
    assert _status(sts) == ["proposed"] * 3


def test_only_the_secretariat_decides_in_bulk(queue: Queue) -> None:
    personas, sts = queue
    before = ChangeRecord.objects.count()
    for persona in (personas.fp_a, personas.fp_b, personas.partner, personas.anon):
        with pytest.raises(PermissionDenied):
            statement_review.review_statements(persona.user, [st.pk for st in sts], "confirm")
    assert _status(sts) == ["proposed"] * 3 and ChangeRecord.objects.count() == before
    statement_review.review_statements(
        personas.admin.user, [sts[0].pk], "confirm"
    )  # an admin is staff
    assert _status(sts)[0] == "confirmed"


# --------------------------------------------------------------------------- the pages


def test_screen_lists_compact_rows_with_proposals_and_confidence(queue: Queue) -> None:
    personas, sts = queue
    r = personas.officer.client.get("/submissions/review/")
    assert r.status_code == 200
    html = r.content.decode()
    text = _plain(html)
    assert "3 statements are waiting for review." in text
    for st in sts:
        assert f'id="sel-{st.pk}"' in html and f'for="sel-{st.pk}"' in html
        assert f"/submissions/review/{st.pk}/edit/" in html  # the correction works without JS
    assert "Art. 7 · 0.82" in text and "Global Environment Facility · 0.70" in text
    assert "Artisanal and small-scale gold mining · 0.45" in text
    assert "Needs · 0.90" in text or "Need · 0.90" in text
    assert '<p dir="auto">Our miners need mercury-free equipment.</p>' in html
    assert '<th scope="col">' in html and "<select multiple" not in html
    for kbd in ("j", "k", "x", "c", "r", "e", "?"):
        assert f"<kbd>{kbd}</kbd>" in html


def test_a_typed_role_shows_the_classifiers_other_reading(queue: Queue) -> None:
    """A role typed into the form stays the submitter's, but when the classifier reads the
    text otherwise the officer sees it, with its confidence (on the demo, 'Ghana received
    training from UNITAR' typed in Arabic as support received was read as a need at 0.51,
    and the screen showed only 'Support received, as typed in the form')."""
    personas, sts = queue
    typed = _proposed(
        sts[0].submission, "تلقت غانا تدريبا من اليونيتار.", "support_received", position=5
    )
    typed.source = Statement.Source.FORM
    typed.proposal = {**typed.proposal, "roles": [{"role": "need", "score": 0.51}]}
    typed.save(update_fields=["source", "proposal"])
    agreed = _proposed(sts[0].submission, "We need retorts.", "need", 0.8, position=6)
    agreed.source = Statement.Source.FORM
    agreed.save(update_fields=["source"])
    text = _plain(personas.officer.client.get("/submissions/review/").content.decode())
    assert "as typed in the form the classifier reads Need · 0.51" in text
    assert text.count("the classifier reads") == 1  # not where it agrees, not for proposals


def test_filters_by_party_role_and_confidence(queue: Queue) -> None:
    personas, sts = queue
    c = personas.officer.client

    def shown(query: str) -> set[int]:
        html = c.get(f"/submissions/review/?{query}").content.decode()
        return {int(pk) for pk in re.findall(r'name="ids" value="(\d+)"', html)}

    assert shown("") == {st.pk for st in sts}
    assert shown(f"party={personas.world.party_b.pk}") == {sts[2].pk}
    assert shown("role=support_received") == {sts[1].pk}
    assert shown("below=0.65") == {sts[1].pk, sts[2].pk}
    assert shown(f"below=0.65&party={personas.world.party_a.pk}") == {sts[1].pk}
    assert shown("below=0.3") == set()
    assert (
        "No statement waiting for review matches these filters."
        in c.get("/submissions/review/?below=0.3").content.decode()
    )
    # a nonsense figure is said, and the list is not narrowed by it
    r = c.get("/submissions/review/?below=7")
    assert r.status_code == 200 and shown("below=7") == {st.pk for st in sts}
    assert 'role="alert"' in r.content.decode()


def test_hundreds_of_rows_come_in_pages(personas: Any) -> None:
    sub = _submission(personas.officer.user, personas.world.party_a)
    for i in range(120):
        _proposed(sub, f"Statement number {i} about a need.", position=i)
    c = personas.officer.client
    first = c.get("/submissions/review/").content.decode()
    last = c.get("/submissions/review/?page=3").content.decode()
    assert first.count('name="ids"') == 50 and last.count('name="ids"') == 20
    assert "Page 1 of 3" in _plain(first) and "Showing 101–120 of 120 statements." in _plain(last)
    assert "Statement number 0 " in first and "Statement number 119 " in last


def test_bulk_post_confirms_the_selected_and_says_so_in_plain_words(queue: Queue) -> None:
    personas, sts = queue
    c = personas.officer.client
    back = f"party={personas.world.party_a.pk}&page=1"
    r = c.post(
        "/submissions/review/decide/",
        {"ids": [sts[0].pk, sts[1].pk], "decision": "confirm", "back": back},
    )
    assert r.status_code == 302 and r["Location"] == f"/submissions/review/?{back}"
    assert _status(sts) == ["confirmed", "confirmed", "proposed"]
    page = c.get(r["Location"]).content.decode()
    assert "2 statements confirmed." in page
    r = c.post("/submissions/review/decide/", {"ids": [sts[2].pk], "decision": "reject"})
    assert "1 statement rejected; it will not be counted." in c.get(r["Location"]).content.decode()
    assert _status(sts) == ["confirmed", "confirmed", "rejected"]


def test_bulk_post_with_a_decided_row_changes_nothing_and_says_why(queue: Queue) -> None:
    personas, sts = queue
    statement_review.review_statement(personas.officer.user, sts[1], "reject")
    c = personas.officer.client
    r = c.post(
        "/submissions/review/decide/",
        {"ids": [sts[0].pk, sts[1].pk], "decision": "confirm", "back": "https://evil.test/"},
    )
    assert r["Location"].startswith("/submissions/review/")  # never elsewhere
    assert _status(sts) == ["proposed", "rejected", "proposed"]
    assert "decided meanwhile" in c.get(r["Location"]).content.decode()
    r = c.post("/submissions/review/decide/", {"decision": "confirm"})
    assert "Select the statements first" in c.get(r["Location"]).content.decode()


def test_the_screen_and_its_actions_refuse_everyone_else(queue: Queue) -> None:
    personas, sts = queue
    st = sts[0]
    before = ChangeRecord.objects.count()
    for persona in (personas.fp_a, personas.fp_b, personas.partner, personas.anon):
        expected = 302 if persona is personas.anon else 403
        assert persona.client.get("/submissions/review/").status_code == expected
        assert persona.client.get(f"/submissions/review/{st.pk}/edit/").status_code == expected
        r = persona.client.post(
            "/submissions/review/decide/", {"ids": [s.pk for s in sts], "decision": "confirm"}
        )
        assert r.status_code == expected, persona.name
        if expected == 302:
            assert "/login" in r["Location"] or "/accounts/" in r["Location"]
        r = persona.client.post(f"/submissions/review/{st.pk}/edit/", {"role": "challenge"})
        assert r.status_code == expected, persona.name
    assert _status(sts) == ["proposed"] * 3 and ChangeRecord.objects.count() == before


def test_correct_a_row_in_place_or_on_its_own_page(queue: Queue) -> None:
    personas, sts = queue
    c = personas.officer.client
    st = sts[1]
    url = f"/submissions/review/{st.pk}/edit/"
    page = c.get(url + "?back=role%3Dsupport_received").content.decode()
    assert "<html" in page and 'dir="auto"' in page and 'type="checkbox"' in page
    assert 'href="/submissions/review/?role=support_received"' in page  # back, filters kept
    fragment = c.get(url + "?partial=1").content.decode()
    assert "<html" not in fragment and 'class="review-edit"' in fragment
    assert "7 " in fragment and "· 0.82" in fragment  # proposed values keep their confidence
    # an unknown article is refused: nothing changes
    r = c.post(url, {"role": "support_received", "articles": ["999"], "topics": ["asgm"]})
    assert r.status_code == 400 and _status(sts)[1] == "proposed"
    r = c.post(
        url,
        {
            "role": "support_provided",
            "articles": ["7", "12"],
            "topics": [],
            "channel": "",
            "back": "role=support_received",
        },
    )
    assert r.status_code == 302 and r["Location"] == "/submissions/review/?role=support_received"
    st.refresh_from_db()
    assert st.status == "confirmed" and st.role == "support_provided" and st.channel is None
    assert sorted(st.articles.values_list("number", flat=True)) == [7, 12]
    assert not st.topics.exists()
    assert "Changes saved; the statement is confirmed." in c.get(r["Location"]).content.decode()
    assert c.get(url).status_code == 404  # decided: no longer waiting


def test_the_officers_queue_opens_exactly_the_counted_statements(queue: Queue) -> None:
    from django.test import RequestFactory

    from minamata_kb.submissions import attention

    personas, sts = queue
    request = RequestFactory().get("/")
    request.user = personas.officer.user
    (item,) = [i for i in attention.items(request) if "review" in str(i["label"])]
    html = personas.officer.client.get(item["url"]).content.decode()
    assert item["count"] == 3 == html.count('name="ids"')
    statement_review.review_statements(personas.officer.user, [sts[0].pk], "confirm")
    (item,) = [i for i in attention.items(request) if "review" in str(i["label"])]
    html = personas.officer.client.get(item["url"]).content.decode()
    assert item["count"] == 2 == html.count('name="ids"')


def test_a_rejection_can_be_undone_once_by_the_secretariat(queue: Queue) -> None:
    personas, sts = queue
    c = personas.officer.client
    r = c.post("/submissions/review/decide/", {"ids": [sts[0].pk, sts[1].pk], "decision": "reject"})
    page = c.get(r["Location"]).content.decode()
    assert "Undo: put the 2 rejected statements back in the list" in page
    assert "Undo:" not in c.get("/submissions/review/").content.decode()  # offered once
    # nobody else may undo; a statement not rejected spoils the whole request
    for persona in (personas.fp_a, personas.partner, personas.anon):
        r = persona.client.post("/submissions/review/reopen/", {"ids": [sts[0].pk]})
        assert r.status_code in (302, 403) and _status(sts)[0] == "rejected"
    with pytest.raises(PermissionDenied):
        statement_review.reopen_rejected(personas.fp_a.user, [sts[0].pk])
    r = c.post("/submissions/review/reopen/", {"ids": [sts[0].pk, sts[2].pk]})
    assert _status(sts) == ["rejected", "rejected", "proposed"]
    assert "no longer rejected" in c.get(r["Location"]).content.decode()
    before = ChangeRecord.objects.filter(entity="submissions.statement").count()
    r = c.post("/submissions/review/reopen/", {"ids": [sts[0].pk, sts[1].pk], "back": "page=1"})
    assert r["Location"] == "/submissions/review/?page=1"
    assert _status(sts) == ["proposed"] * 3
    assert ChangeRecord.objects.filter(entity="submissions.statement").count() == before + 2
    page = c.get(r["Location"]).content.decode()
    assert "Rejection undone: 2 statements are waiting for review again." in page
    assert page.count('name="ids"') == 3


def test_a_page_costs_the_same_queries_with_three_rows_or_fifty(personas: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sub = _submission(personas.officer.user, personas.world.party_a)
    c = personas.officer.client
    for i in range(3):
        _proposed(sub, f"Need number {i}.", position=i)
    c.get("/submissions/review/")  # warm the session and the profile caches
    with CaptureQueriesContext(connection) as few:
        assert c.get("/submissions/review/?below=0.95").status_code == 200
    for i in range(3, 80):
        _proposed(sub, f"Need number {i}.", position=i)
    with CaptureQueriesContext(connection) as many:
        assert c.get("/submissions/review/?below=0.95").content.decode().count('name="ids"') == 50
    assert len(many) == len(few)


def test_a_submissions_statements_open_on_their_own(queue: Queue) -> None:
    personas, sts = queue
    c = personas.officer.client
    mex = sts[2].submission
    detail = c.get(f"/submissions/s/{mex.pk}/").content.decode()
    assert f'href="/submissions/review/?submission={mex.pk}"' in detail
    assert "Review the statement waiting" in detail  # one of Mexico's statements waits
    assert (
        "Review the" not in personas.fp_b.client.get(f"/submissions/s/{mex.pk}/").content.decode()
    )
    page = c.get(f"/submissions/review/?submission={mex.pk}").content.decode()
    assert re.findall(r'name="ids" value="(\d+)"', page) == [str(sts[2].pk)]
    assert f"Only the statements of submission S-{mex.pk} (Mexico)." in _plain(page)
    # a bulk decision from there comes back to the same submission's list
    r = c.post(
        "/submissions/review/decide/",
        {"ids": [sts[2].pk], "decision": "confirm", "back": f"submission={mex.pk}"},
    )
    assert r["Location"] == f"/submissions/review/?submission={mex.pk}"
    assert "Review the" not in c.get(f"/submissions/s/{mex.pk}/").content.decode()


def test_the_correction_page_also_corrects_text_countries_amount_and_period(queue: Queue) -> None:
    personas, sts = queue
    c = personas.officer.client
    st = sts[1]
    url = f"/submissions/review/{st.pk}/edit/"
    page = c.get(url).content.decode()
    assert 'name="full"' in page and 'name="amount"' in page and 'name="text"' in page
    assert 'name="amount"' not in c.get(url + "?partial=1").content.decode()  # the row: labels
    base = {"full": "1", "role": "support_received", "articles": ["7"], "topics": ["asgm"]}
    # an amount without its currency is refused, said next to the fields; nothing changes
    r = c.post(url, {**base, "text": st.text, "amount": "5000"})
    assert r.status_code == 400 and "Give the currency of the amount." in r.content.decode()
    assert _status(sts)[1] == "proposed"
    r = c.post(
        url,
        {
            **base,
            "text": "Ghana received training on mercury inventories from UNITAR in 2023.",
            "countries": "gha; mex",
            "amount": "5000",
            "currency": "usd",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
        },
    )
    assert r.status_code == 302
    st.refresh_from_db()
    assert st.status == "confirmed" and st.text.endswith("in 2023.")
    assert st.amount == 5000 and st.currency == "USD" and str(st.period_end) == "2023-12-31"
    assert sorted(st.countries.values_list("iso3", flat=True)) == ["GHA", "MEX"]
