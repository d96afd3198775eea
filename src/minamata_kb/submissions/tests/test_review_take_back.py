"""Taking back a confirmed statement in the web UI (issue 13, build item 4): the officer rejects
it, or puts it back among the statements to review, from the submission page; the need drawn
from it is retracted and the page says so; nobody else may do it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.matching.models import Need
from minamata_kb.submissions import statement_review
from minamata_kb.submissions.models import Statement
from minamata_kb.submissions.tests.factories import Queue
from minamata_kb.submissions.tests.test_review_screen import _plain, _status

pytestmark = pytest.mark.django_db


def _need_of(st: Statement) -> Need:
    return Need.objects.get(source_kind="statement", source_id=st.pk)


def _confirmed(queue: Queue) -> tuple[Any, Statement, Need]:
    """Ghana's need statement, confirmed by the officer: it made an open, published need."""
    personas, sts = queue
    st = statement_review.review_statement(personas.officer.user, sts[0], "confirm")
    need = _need_of(st)
    assert need.status == Need.Status.OPEN
    return personas, st, need


def _messages(page: str) -> str:
    m = re.search(r'<ul class="messages">(.*?)</ul>', page, re.S)
    return _plain(m.group(1)) if m else ""


# --------------------------------------------------------------------------- the service


def test_taking_back_rejects_through_the_review_and_reports_the_retracted_need(
    queue: Queue,
) -> None:
    personas, st, need = _confirmed(queue)
    before = ChangeRecord.objects.count()
    done, effects = statement_review.take_back(personas.officer.user, st, "reject")
    assert done.status == "rejected" and done.reviewed_by == personas.officer.user
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED and not need.published
    written = list(ChangeRecord.objects.order_by("pk")[before:])
    mine = [r for r in written if r.entity == "submissions.statement"]
    assert [(r.note, r.actor_id) for r in mine] == [("reject", personas.officer.user.pk)]
    assert [(r.entity, r.object_id, r.note) for r in effects] == [
        ("matching.need", str(need.pk), "retracted")
    ]
    # decided: a second taking back changes nothing
    with pytest.raises(ValidationError):
        statement_review.take_back(personas.officer.user, st, "reject")
    assert ChangeRecord.objects.count() == before + len(written)


def test_put_back_for_review_waits_again_and_a_new_confirmation_reopens_the_need(
    queue: Queue,
) -> None:
    personas, st, need = _confirmed(queue)
    done, effects = statement_review.take_back(personas.officer.user, st, "reopen")
    assert done.status == "proposed" and done.reviewed_by is None
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED and not need.published
    assert [r.note for r in effects] == ["retracted"]
    notes = ChangeRecord.objects.filter(entity="submissions.statement", object_id=str(st.pk))
    assert list(notes.order_by("pk").values_list("note", flat=True)) == [
        "confirm",
        "reject",
        "reopened",
    ]
    statement_review.review_statement(personas.officer.user, done, "confirm")
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN and _need_of(done).pk == need.pk


def test_only_the_secretariat_takes_back_and_a_bad_request_changes_nothing(queue: Queue) -> None:
    personas, st, need = _confirmed(queue)
    before = ChangeRecord.objects.count()
    for persona in (personas.fp_a, personas.fp_b, personas.partner, personas.anon):
        with pytest.raises(PermissionDenied):
            statement_review.take_back(persona.user, st, "reject")
    with pytest.raises(ValidationError):
        statement_review.take_back(personas.officer.user, st, "confirm")
    proposed = queue[1][2]
    with pytest.raises(ValidationError):  # never confirmed: nothing to take back
        statement_review.take_back(personas.officer.user, proposed, "reject")
    assert _status([st, proposed]) == ["confirmed", "proposed"]
    assert ChangeRecord.objects.count() == before
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN


# --------------------------------------------------------------------------- the pages


def test_the_officer_takes_back_a_confirmed_need_statement_from_the_submission_page(
    queue: Queue,
) -> None:
    personas, st, need = _confirmed(queue)
    c = personas.officer.client
    detail = f"/submissions/s/{st.submission_id}/"
    url = f"/submissions/review/{st.pk}/take-back/"
    page = c.get(detail).content.decode()
    assert f'href="{url}"' in page and f'id="st-{st.pk}"' in page
    confirm = c.get(url).content.decode()
    assert "csrfmiddlewaretoken" in confirm and 'method="post"' in confirm
    assert 'value="reject"' in confirm and 'value="reopen"' in confirm
    assert "The need drawn from it, if any, is retracted" in _plain(confirm)
    assert _status([st]) == ["confirmed"]  # the GET changes nothing
    r = c.post(url, {"then": "reject"})
    assert r.status_code == 302 and r["Location"] == f"{detail}#st-{st.pk}"
    assert _status([st]) == ["rejected"]
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED and not need.published
    said = _messages(c.get(r["Location"]).content.decode())
    assert f"ST-{st.pk} is rejected; it will not be counted." in said
    assert f"Its need N-{need.pk:05d} is retracted" in said
    # the rejected row offers the existing undo: back among the statements to review
    page = c.get(detail).content.decode()
    assert f'href="{url}"' not in page and "Put back for review" in page
    back = f"submission={st.submission_id}"
    r = c.post("/submissions/review/reopen/", {"ids": [st.pk], "back": back})
    assert r["Location"] == f"/submissions/review/?submission={st.submission_id}"
    assert _status([st]) == ["proposed"]
    # a statement no longer confirmed: the step says so and changes nothing
    r = c.post(url, {"then": "reject"})
    assert r.status_code == 302 and _status([st]) == ["proposed"]
    assert "is not confirmed" in _messages(c.get(r["Location"]).content.decode())


def test_put_back_from_the_page_says_what_happened(queue: Queue) -> None:
    personas, st, need = _confirmed(queue)
    c = personas.officer.client
    r = c.post(f"/submissions/review/{st.pk}/take-back/", {"then": "reopen"})
    said = _messages(c.get(r["Location"]).content.decode())
    assert f"ST-{st.pk} is no longer confirmed: it is waiting for review again" in said
    assert f"Its need N-{need.pk:05d} is retracted" in said
    assert _status([st]) == ["proposed"]
    review = c.get(f"/submissions/review/?submission={st.submission_id}").content.decode()
    assert f'value="{st.pk}"' in review  # waiting on the review screen again


def test_a_statement_without_a_need_says_no_retraction(queue: Queue) -> None:
    personas, sts = queue
    st = statement_review.review_statement(personas.officer.user, sts[1], "confirm")  # support
    c = personas.officer.client
    confirm = _plain(c.get(f"/submissions/review/{st.pk}/take-back/").content.decode())
    assert "The need drawn from it" not in confirm
    r = c.post(f"/submissions/review/{st.pk}/take-back/", {"then": "reject"})
    said = _messages(c.get(r["Location"]).content.decode())
    assert f"ST-{st.pk} is rejected" in said and "need" not in said
    assert _status([st]) == ["rejected"]


def test_the_post_needs_its_csrf_token(queue: Queue) -> None:
    personas, st, need = _confirmed(queue)
    c = Client(enforce_csrf_checks=True)
    c.force_login(personas.officer.user)
    assert c.post(f"/submissions/review/{st.pk}/take-back/", {"then": "reject"}).status_code == 403
    assert _status([st]) == ["confirmed"]


@pytest.mark.parametrize("who", ["fp_a", "fp_b", "partner", "anon"])
def test_nobody_else_may_take_back(queue: Queue, who: str) -> None:
    """The party's own focal point, another party's, a partner editor: 403; the public: the
    login page. Nothing changes; the submission page offers them no such link."""
    personas, st, need = _confirmed(queue)
    persona = getattr(personas, who)
    url = f"/submissions/review/{st.pk}/take-back/"
    before, published = ChangeRecord.objects.count(), need.published
    for r in (
        persona.client.get(url),
        persona.client.post(url, {"then": "reject"}),
        persona.client.post(url, {"then": "reopen"}),
    ):
        if who == "anon":
            assert r.status_code == 302
            assert "/login" in r["Location"] or "/accounts/" in r["Location"]
        else:
            assert r.status_code == 403
    assert _status([st]) == ["confirmed"] and ChangeRecord.objects.count() == before
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN and need.published == published
    page = persona.client.get(f"/submissions/s/{st.submission_id}/")
    assert url not in page.content.decode() and "Put back for review" not in page.content.decode()
