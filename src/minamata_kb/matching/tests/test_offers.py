"""Two-sided matching: an organisation's editor offers help on a need, the need's party accepts
or declines; audited, the other side told by mail after commit, refresh keeps them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from pytest_django import DjangoCaptureOnCommitCallbacks

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.matching import offers, services
from minamata_kb.matching.models import Match, Need

if TYPE_CHECKING:
    from minamata_kb.registry.models import Party

pytestmark = pytest.mark.django_db


def _need(party: Party) -> Need:
    need, _ = services.save_need(
        None, party=party, text="Our gold miners need mercury-free processing.", published=True
    )
    return need


def _emails(personas: Any) -> None:
    for p, address in ((personas.fp_a, "fp-a@example.org"), (personas.partner, "ed@example.org")):
        p.user.email = address
        p.user.save(update_fields=["email"])


def test_editor_offers_and_the_party_accepts(
    personas: Any,
    library: Any,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _emails(personas)
    w = personas.world
    need = _need(w.party_a)
    with django_capture_on_commit_callbacks(execute=True):
        m = offers.offer_help(personas.partner.user, need, w.org, "We can train your miners.")
    assert m.offered_by == w.org and m.kind == "provider" and m.target_ref == w.org.slug
    assert "offered its help" in m.why
    assert [e.to for e in mail.outbox] == [["fp-a@example.org"]]
    # the matcher's refresh keeps the offer, and the other party may not decide on it
    services.refresh_matches(need)
    m = Match.objects.get(pk=m.pk)
    with pytest.raises(PermissionDenied):
        offers.decide_for_party(personas.fp_b.user, m, "accepted")
    with django_capture_on_commit_callbacks(execute=True):
        offers.decide_for_party(personas.fp_a.user, m, "accepted")
    m.refresh_from_db()
    assert m.party_decision == "accepted" and m.party_decided_by == personas.fp_a.user
    assert mail.outbox[-1].to == ["ed@example.org"]
    assert ChangeRecord.objects.filter(entity="matching.match", action="decide").count() == 1
    seen_by_editor = offers.state_for(personas.partner.user, m)
    assert seen_by_editor["party_decision"] == "accepted" and not seen_by_editor["may_decide"]
    assert offers.state_for(personas.fp_a.user, m)["may_decide"]


def test_only_the_organisations_editor_offers(personas: Any, library: Any) -> None:
    w = personas.world
    need = _need(w.party_a)
    for persona in (personas.fp_a, personas.fp_b):
        with pytest.raises(PermissionDenied):
            offers.offer_help(persona.user, need, w.org)
    with pytest.raises(PermissionDenied):
        offers.offer_help(personas.partner.user, need, w.other_org)


def test_no_offer_on_a_need_the_editor_may_not_see(personas: Any, library: Any) -> None:
    need = _need(personas.world.party_a)
    need.published = False
    need.save(update_fields=["published"])
    with pytest.raises(PermissionDenied):
        offers.offer_help(personas.partner.user, need, personas.world.org)
    assert not Match.objects.filter(offered_by__isnull=False).exists()


def test_the_party_declines_a_proposal_of_the_matcher(personas: Any, library: Any) -> None:
    need = _need(personas.world.party_a)
    services.refresh_matches(need)
    m = need.matches.filter(kind="resource").first()
    assert m is not None
    with pytest.raises(ValidationError) as exc:  # a decline says why
        offers.decide_for_party(personas.fp_a.user, m, "declined", "  ")
    assert "reason" in exc.value.message_dict
    assert Match.objects.get(pk=m.pk).party_decision == ""
    offers.decide_for_party(personas.fp_a.user, m, "declined", "We have this guide already.")
    with pytest.raises(ValidationError):  # a decision outside the two is refused
        offers.decide_for_party(personas.fp_a.user, m, "maybe")
    services.refresh_matches(need)
    assert Match.objects.get(pk=m.pk).party_decision == "declined"  # kept across refreshes


def test_both_sides_see_the_state_on_the_need_page(personas: Any, library: Any) -> None:
    need = _need(personas.world.party_a)
    need.published = True
    need.save(update_fields=["published"])
    url = f"/matching/needs/{need.pk}/"
    page = personas.partner.client.get(url).content.decode()
    assert "Offer help" in page and "Accept for my party" not in page
    r = personas.partner.client.post(f"/matching/needs/{need.pk}/offer/", {"note": "Experts"})
    assert r.status_code == 302
    m = Match.objects.get(need=need, offered_by=personas.world.org)
    page = personas.fp_a.client.get(url).content.decode()
    assert "Offered by Test Regional Centre" in page and "Accept for my party" in page
    r = personas.fp_b.client.post(
        f"/matching/matches/{m.pk}/party-decide/", {"party_decision": "decline"}
    )
    assert Match.objects.get(pk=m.pk).party_decision == ""  # not theirs: refused
    personas.fp_a.client.post(
        f"/matching/matches/{m.pk}/party-decide/", {"party_decision": "decline"}
    )
    assert Match.objects.get(pk=m.pk).party_decision == ""  # no reason: refused, said
    personas.fp_a.client.post(
        f"/matching/matches/{m.pk}/party-decide/",
        {"party_decision": "decline", "reason": "Already trained last year"},
    )
    assert Match.objects.get(pk=m.pk).party_decision == "declined"
    page = personas.partner.client.get(url).content.decode()
    assert "Declined by the party" in page and "Already trained last year" in page


def test_home_and_offers_page_per_persona(personas: Any, library: Any) -> None:
    """The editor's home lists its organisation's offers and their state; the focal point's home
    the offers awaiting its answer; each count is the length of the list its link opens; the
    offers page shows nobody an offer on a need they may not see."""
    w = personas.world
    published = _need(w.party_a)
    draft, _ = services.save_need(None, party=w.party_b, text="Draft need of Mexico on storage.")
    accepted = offers.offer_help(personas.partner.user, published, w.org, "Training")
    offers.offer_help(personas.officer.user, draft, w.other_org, "A draft offer")
    home = personas.partner.client.get("/").content.decode()
    assert "Offers of help from Test Regional Centre" in home
    assert "Of which awaiting the party&#x27;s answer" in home
    offers.decide_for_party(personas.fp_a.user, accepted, "accepted")
    home = personas.partner.client.get("/").content.decode()
    assert "Of which accepted by the party" in home and "awaiting the party" not in home
    link = "/matching/offers/?organisation=bcrc-test&amp;party_decision=accepted"
    assert link in home
    page = personas.partner.client.get(link.replace("&amp;", "&")).content.decode()
    assert "1 answer" in page and "Accepted by the party" in page
    # the draft need's offer: the officer and Mexico's focal point see it, nobody else
    for name, sees in (("officer", True), ("fp_b", True), ("fp_a", False), ("partner", False),
                       ("anon", False)):  # fmt: skip
        page = getattr(personas, name).client.get("/matching/offers/").content.decode()
        assert ("A draft offer" in page) is sees, name
    home = personas.fp_b.client.get("/").content.decode()
    assert "Offers of help on your needs awaiting your answer" in home
    assert "/matching/offers/?party=MEX&amp;party_decision=pending" in home
    assert "Offers of help on your needs" not in personas.fp_a.client.get("/").content.decode()


def test_each_side_keeps_its_own_words(personas: Any, library: Any) -> None:
    """The organisation's message, the party's reason and the secretariat's decision are kept
    apart: a decline does not replace the offer's message, an officer's Accept (which posts no
    note) erases neither, and the need page shows the party the message it answers."""
    w = personas.world
    need = _need(w.party_a)
    url = f"/matching/needs/{need.pk}/"
    personas.partner.client.post(f"{url}offer/", {"note": "Two experts can come in May."})
    m = Match.objects.get(need=need, offered_by=w.org)
    page = personas.fp_a.client.get(url).content.decode()
    assert "Two experts can come in May." in page  # the party reads what it is offered
    personas.fp_a.client.post(
        f"/matching/matches/{m.pk}/party-decide/",
        {"party_decision": "decline", "reason": "Planned with another centre"},
    )
    personas.officer.client.post(f"/matching/matches/{m.pk}/decide/", {"decision": "accepted"})
    m.refresh_from_db()
    assert (m.offer_note, m.party_note) == (
        "Two experts can come in May.",
        "Planned with another centre",
    )
    assert m.decision == "accepted" and m.party_decision == "declined"
    page = personas.partner.client.get(url).content.decode()
    assert "Two experts can come in May." in page and "Planned with another centre" in page
    offers_page = personas.partner.client.get("/matching/offers/").content.decode()
    assert "Two experts can come in May." in offers_page
    assert "Planned with another centre" in offers_page
    offers.decide_for_party(personas.fp_a.user, m, "accepted")  # a change of mind
    m.refresh_from_db()
    assert m.party_note == "" and m.offer_note == "Two experts can come in May."


def test_each_side_is_told_in_its_own_language(
    personas: Any,
    library: Any,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """The mail is in the recipient's language (its preference), not the sender's page's: an
    editor working in Arabic tells a French-speaking focal point in French, who answers from an
    English page and the editor reads it in Chinese."""
    from django.utils import translation

    from minamata_kb.accounts.models import Role

    _emails(personas)
    Role.objects.filter(user=personas.fp_a.user).update(language="fr")
    Role.objects.filter(user=personas.partner.user).update(language="zh-hans")
    need = _need(personas.world.party_a)
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        m = offers.offer_help(personas.partner.user, need, personas.world.org, "Formation")
    told = mail.outbox[-1]
    assert told.to == ["fp-a@example.org"] and told.extra_headers["Content-Language"] == "fr"
    assert told.subject == (
        f"[Minamata KB] Test Regional Centre propose son aide pour le besoin {need.reference}"
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        offers.decide_for_party(personas.fp_a.user, m, "declined", "Déjà formés")
    told = mail.outbox[-1]
    assert told.to == ["ed@example.org"] and told.extra_headers["Content-Language"] == "zh-hans"
    assert need.reference in told.subject and "declined" not in told.subject
    assert "Déjà formés" in told.body


def test_the_mail_says_what_is_offered_on_which_need(
    personas: Any,
    library: Any,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """A notification's body was the message and a bare path ('/matching/needs/7/'): the
    focal point could not tell from it which need, or of which party, the offer was about."""
    _emails(personas)
    need = _need(personas.world.party_a)
    with django_capture_on_commit_callbacks(execute=True):
        m = offers.offer_help(personas.partner.user, need, personas.world.org, "We train.")
    body = mail.outbox[-1].body
    assert f"Test Regional Centre offers help on need {need.reference} of Ghana:" in body
    assert need.text in body and "Their message:\nWe train." in body
    assert f"(Needs, {need.reference}): /matching/needs/{need.pk}/" in body
    with django_capture_on_commit_callbacks(execute=True):
        offers.decide_for_party(personas.fp_a.user, m, "declined", "Done already")
    body = mail.outbox[-1].body
    assert body.startswith(f"Ghana declined your offer of help on need {need.reference}:")
    assert "Their reason:\nDone already" in body


def test_the_partys_buttons_say_which_answer_they_decide(personas: Any, library: Any) -> None:
    """A screen reader lists a need's buttons out of context: each of the party's Accept and
    Decline buttons names the answer it decides, after its visible words (WCAG 2.5.3), in
    every language (no new text to translate)."""
    need = _need(personas.world.party_a)
    services.refresh_matches(need)
    page = personas.fp_a.client.get(f"/matching/needs/{need.pk}/").content.decode()
    labels = [m for m in need.matches.all() if m.target_label]
    assert len(labels) >= 2
    for m in labels:
        title = m.target_label.replace("'", "&#x27;")
        assert f'Accept for my party<span class="sr-only">: {title}</span>' in page
        assert f'Decline<span class="sr-only">: {title}</span>' in page


def test_an_offer_after_the_partys_answer_asks_the_party_again(personas: Any, library: Any) -> None:
    """The party declined the matcher's proposal of an organisation; that organisation then
    offers its help: the offer waited nowhere (it took the old 'declined'), so the focal
    point's home never listed it. A renewed offer after a decline asks again too; an accepted
    offer stays accepted when the organisation edits its message."""
    w = personas.world
    need = _need(w.party_a)
    proposed, _ = Match.objects.get_or_create(
        need=need, kind="provider", target_ref=w.org.slug, defaults={"target_label": w.org.name}
    )
    offers.decide_for_party(personas.fp_a.user, proposed, "declined", "Not this centre")
    m = offers.offer_help(personas.partner.user, need, w.org, "We have trainers in Accra.")
    assert (m.party_decision, m.party_note) == ("", "")
    pending = "Offers of help on your needs awaiting your answer"
    assert pending in personas.fp_a.client.get("/").content.decode()
    offers.decide_for_party(personas.fp_a.user, m, "declined", "Dates do not suit")
    m = offers.offer_help(personas.partner.user, need, w.org, "We can come in June instead.")
    assert m.party_decision == ""
    offers.decide_for_party(personas.fp_a.user, m, "accepted")
    m = offers.offer_help(personas.partner.user, need, w.org, "Two trainers, in June.")
    assert m.party_decision == "accepted"
