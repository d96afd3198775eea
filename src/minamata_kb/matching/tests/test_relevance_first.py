"""Matching puts relevance first (issue 13): boosts only reorder candidates that are relevant on
their own, a floor under which nothing is proposed, every `why` names its evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from minamata_kb.matching import engine

pytestmark = pytest.mark.django_db

STORAGE_NEED = "Our hospitals need interim storage for mercury waste and collected thermometers."
EVIDENCE = {"similar_text", "shared_topic", "shared_article"}


def _completed_activity_output(ref: str) -> None:
    from minamata_kb.activities.models import Activity, ActivityOutput

    act = Activity.objects.create(
        code="act-1",
        title="Gold mining training",
        status="completed",
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2020, 6, 1),
    )
    ActivityOutput.objects.create(activity=act, resource_ref=ref, title="guide")


def test_delivery_boost_does_not_lift_an_off_subject_resource(library):
    # the gold-mining guide is an output of a completed activity; even a very strong delivery
    # boost must not put it above the storage guide for a storage need
    _completed_activity_output("asgm-guide")
    cfg = engine.Config(delivered=5.0, rtype=2.0)
    q = engine.NeedQuery.build(STORAGE_NEED, party="GHA")
    refs = [h.ref for h in engine.rank_resources(q, limit=4, config=cfg)]
    assert refs[0] == "waste-storage"
    if "asgm-guide" in refs:
        hit = engine.rank_resources(q, limit=4, config=cfg)[refs.index("asgm-guide")]
        # an off-subject candidate carries no boost reasons either
        assert not any(r["code"] == "used_in_activities" for r in hit.reasons)


def test_a_floor_under_which_nothing_is_proposed(library):
    q = engine.NeedQuery.build(STORAGE_NEED, party=None)
    refs = [h.ref for h in engine.rank_resources(q, limit=10)]
    assert "waste-storage" in refs
    assert "mining-news" not in refs  # an off-subject news item is not proposed at all
    everything = engine.rank_resources(q, limit=10, config=engine.Config(floor=-1e9))
    assert len(everything) > len(refs)


def test_every_why_names_its_evidence_without_a_party(library):
    result = engine.match(
        engine.NeedQuery.build("Our gold miners need mercury-free processing.", party=None)
    )
    for h in [*result.resources, *result.activities, *result.technologies, *result.providers]:
        assert h.why, h
    for h in result.resources:
        assert EVIDENCE & {r["code"] for r in h.reasons}, h.reasons
    top = result.resources[0]
    similar = [r for r in top.reasons if r["code"] == "similar_text"]
    assert not similar or similar[0].get("terms")  # the words the need and the title share


def test_a_provider_is_not_credited_with_an_off_subject_technology(library, ref_world):
    from minamata_kb.matching.models import Technology
    from minamata_kb.registry.models import Organisation
    from minamata_kb.taxonomy.models import Topic

    gold = Technology.objects.create(
        slug="retorts",
        name="Retorts for gold miners",
        description="Gold miners recover mercury with retorts instead of open burning.",
        replaces="open burning of amalgam by gold miners",
        sector="asgm",
        maturity="widespread",
    )
    gold.topics.set(Topic.objects.filter(slug="asgm"))
    coal = Technology.objects.create(
        slug="sorbent",
        name="Sorbent injection",
        description="Activated carbon captures mercury in flue gas of coal power plants.",
        replaces="uncontrolled mercury emissions from coal combustion",
        sector="energy",
        maturity="commercial",
    )
    coal.topics.set(Topic.objects.filter(slug="emissions"))
    coal.providers.add(Organisation.objects.get(slug="other-ngo"))
    gold.providers.add(Organisation.objects.get(slug="bcrc-test"))
    result = engine.match(
        engine.NeedQuery.build("Our gold miners need mercury-free processing.", party="GHA")
    )
    whys = " | ".join(h.why for h in result.providers)
    assert "coal" not in whys
    assert "Retorts for gold miners" in whys


def test_the_term_bank_carries_a_need_into_other_languages(library):
    """An English need naming a Convention term finds the Spanish document that uses the term's
    Spanish translation (the term bank), not one that does not; English documents get nothing
    from it (their own words speak for them)."""
    import numpy as np

    from minamata_kb.matching.evidence import expanded_scores
    from minamata_kb.matching.features import text_evidence
    from minamata_kb.search.index import get_index, invalidate

    from .conftest import add_resource

    add_resource("amalgama-es", "Reducción del uso de amalgama dental",
                 "Guía para clínicas: alternativas a la amalgama dental.", language="es")  # fmt: skip
    add_resource("dental-en", "Phasing down dental amalgam", "Alternatives to dental amalgam.")
    invalidate()
    idx = get_index()
    scores = expanded_scores(idx, "Our clinics need to phase down dental amalgam.", "en")
    by_id = {d.external_id: float(s) for d, s in zip(idx.docs, scores, strict=True)}
    assert by_id["amalgama-es"] > 0
    assert by_id["dental-en"] == 0 and by_id["asgm-guia"] == 0  # own language; off subject
    assert float(np.max(scores)) <= 1.0
    q = engine.NeedQuery.build("Our clinics need to phase down dental amalgam.")
    without = text_evidence(idx, q.text, q.language, expanded=0.0)
    with_bank = text_evidence(idx, q.text, q.language, expanded=1.0)
    es = [d.external_id for d in idx.docs].index("amalgama-es")
    assert with_bank[es] > without[es]


def test_an_embedder_can_be_trusted_less_across_languages(library):
    """``across`` scales an embedder's evidence for documents in another language than the
    need's (e5 is weak across languages, Config.e5_across): with it at 0, two Spanish documents
    are scored alike however close their vectors are to the need (full text cannot compare
    them with it either); documents in the need's language keep their vector evidence."""
    from minamata_kb.matching.features import text_evidence
    from minamata_kb.search.index import get_index, invalidate

    from .conftest import add_resource

    # the hash embedder's vectors are close when words are shared: this one shares the need's
    add_resource("mercurio-es", "Almacenamiento de mercurio (interim storage, mercury waste)",
                 "Instalaciones de almacenamiento provisional.", language="es")  # fmt: skip
    invalidate()
    idx = get_index()
    need = "Our hospitals need interim storage for mercury waste and collected thermometers."
    pos = {d.external_id: i for i, d in enumerate(idx.docs)}
    names = list(idx.matrices)
    assert names  # the hash embedder
    trusted = text_evidence(idx, need, "en")
    blind = text_evidence(idx, need, "en", across=dict.fromkeys(names, 0.0))
    spanish = [pos["asgm-guia"], pos["mercurio-es"]]
    assert trusted[spanish[0]] != trusted[spanish[1]]
    assert blind[spanish[0]] == blind[spanish[1]]
    english = [pos["waste-storage"], pos["asgm-guide"], pos["mining-news"]]
    order = lambda s: sorted(english, key=lambda d: -s[d])  # noqa: E731
    assert order(blind) == order(trusted)


def test_the_why_does_not_name_the_conventions_subject_as_evidence():
    """ "Close in meaning to the need (mercury)" says nothing in a mercury knowledge base: the
    word for mercury (six languages) and the Convention's name are not named as evidence."""
    from minamata_kb.matching.features import _shared_terms

    need = "We need guidance on the storage of mercury waste."
    assert _shared_terms(need, "Mercury waste storage: a guide") == ["waste", "storage"]
    assert _shared_terms("Nuestro país necesita apoyo sobre el mercurio", "El mercurio") == []
    assert _shared_terms("نحتاج إلى قائمة حصر الزئبق", "قائمة حصر الزئبق") == ["قائمة"]
