"""A kind learned from few examples is kept only where it beats zero-shot held out
(classifier_validation). Embedded with the model-free hash embedder: these tests check the
rule, whichever side wins with it."""

from __future__ import annotations

import csv

from minamata_kb.textanalysis import classifier as C

HASH = C._Embeddings("hash", "hash")
STATEMENT = "Ghana received training on mercury inventories from UNITAR in 2024."


def _team() -> list[C.Example]:
    with open(C.data_dir() / "classifier" / "statements_team.csv", encoding="utf-8") as fh:
        return [C.Example(r["text"], (), (), [r["role"]]) for r in csv.DictReader(fh)]


def test_a_learned_kind_is_kept_only_if_it_beats_zero_shot_held_out() -> None:
    team = _team()
    clf = C.Classifier(examples=team, embeddings=HASH)
    learned, zero = clf.validation["roles"]
    assert clf.fitted["roles"] == (learned > zero)
    # zero-shot does not learn, so its held-out figure is its figure on all the examples
    fresh = C.Classifier(embeddings=HASH)
    tp = fp = fn = 0
    for ex in team:
        said = {r for r, _ in fresh.classify(ex.text).roles}
        gold = set(ex.roles)
        tp, fp, fn = tp + len(said & gold), fp + len(said - gold), fn + len(gold - said)
    assert abs(zero - 2 * tp / (2 * tp + fp + fn)) < 1e-9
    # topics and articles have no labelled example here: nothing learned, nothing checked
    assert set(clf.validation) == {"roles"}


def test_without_the_check_the_fit_stands() -> None:
    clf = C.Classifier(examples=_team(), embeddings=HASH, validate=False)
    assert clf.fitted["roles"] and clf.validation == {}


def test_a_kind_read_zero_shot_again_reads_as_a_fresh_install() -> None:
    clf = C.Classifier(examples=_team(), embeddings=HASH, validate=False)
    fresh = C.Classifier(embeddings=HASH)
    vectors = C.embed_text(STATEMENT, HASH)
    assert clf.scores("roles", STATEMENT, vectors) != fresh.scores("roles", STATEMENT, vectors)
    clf.unfit("roles")
    assert not clf.fitted["roles"] and "roles" not in clf.fit_kinds
    assert clf.scores("roles", STATEMENT, vectors) == fresh.scores("roles", STATEMENT, vectors)
    assert clf.classify(STATEMENT).roles == fresh.classify(STATEMENT).roles


def test_a_statement_keeps_its_role_when_no_topic_or_article_is_asserted() -> None:
    """A demo install's learned topics asserted none for 'Ghana recibió capacitación de UNITAR
    sobre inventarios de mercurio' (best topic 0.26 under its cut of 0.3), and the statement
    then lost its role too. A text about the Convention (it names mercury) keeps its best role,
    as any statement does; a text about nothing in the profile is not classified at all."""
    clf = C.Classifier(embeddings=HASH)
    for kind in ("topics", "articles"):  # a learned cut that asserts nothing for this text
        clf.thresholds[kind], clf.min_one[kind] = 1.01, False
    out = clf.classify("Our ministry needs help with mercury.", document=False)
    assert out.topics == [] and out.articles == []
    assert [r for r, _ in out.roles] == ["need"]
    assert C.Classifier(embeddings=HASH).classify("A recipe for chocolate cake.").roles == []
