"""A whole document is read as a document, a statement as a statement (classifier_document).

The texts are written for these tests. Most tests embed with the model-free hash embedder (the
suite's default); the one marked ``real_models`` uses the configured models, as a fresh install
does.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest

from minamata_kb.textanalysis import classifier as C
from minamata_kb.textanalysis import classifier_document as CD

HASH = C._Embeddings("hash", "hash")

# A guidance document as a regional centre might publish one: it speaks of what parties need
# and of the difficulties they meet, but it is a resource, not a need.
GUIDANCE = """Storing mercury safely: a guide for inspectors of interim storage sites

This guide helps environmental inspectors check that a site storing mercury or mercury
compounds for an allowed use does so in an environmentally sound manner, as Article 10 of the
Convention asks. It follows the guidelines adopted by the Conference of the Parties and turns
them into forty questions an inspector can answer during a one-day visit.

The first part covers the building: a dry, ventilated store away from flood zones and homes,
an impermeable floor with a curb, and a lock. Many sites need only small changes, such as
trays under every container, to meet these conditions.

The second part covers containers and records. Each container should be labelled, closed and
checked for leaks, and the store should keep a log of every quantity received and sent out, so
that the figures can support the party's national report under Article 21.

The last part lists the difficulties inspectors most often meet, such as missing records or
staff without training, and what to ask the operator to correct, with a model inspection form
in the annex that inspectors can copy and adapt.
"""

STATEMENT = (
    "Our ministry needs technical assistance to build an interim storage facility for the "
    "mercury collected from hospitals."
)


def test_a_document_has_several_paragraphs_and_a_statement_one() -> None:
    assert CD.is_document(GUIDANCE)
    assert not CD.is_document(STATEMENT)
    assert not CD.is_document("")


def test_the_team_statements_are_all_read_as_statements() -> None:
    with open(C.data_dir() / "classifier" / "statements_team.csv", encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    assert texts and not any(CD.is_document(t) for t in texts)


def test_a_fresh_classifier_reads_a_guidance_document_as_a_resource() -> None:
    clf = C.Classifier(embeddings=HASH)
    out = clf.classify(GUIDANCE)
    roles = [r for r, _ in out.roles]
    assert roles and roles[0] == "resource"
    assert "need" not in roles
    # read as a statement, as before, the same text's wording of needs weighs more
    as_statement = clf.scores("roles", GUIDANCE, C.embed_text(GUIDANCE, HASH), document=False)
    as_document = clf.scores("roles", GUIDANCE, C.embed_text(GUIDANCE, HASH))
    assert dict(as_document)["resource"] > dict(as_statement)["resource"]
    assert dict(as_document)["need"] < dict(as_statement)["need"]


@pytest.mark.real_models
def test_a_guidance_document_is_a_resource_with_the_real_models() -> None:
    out = C.Classifier().classify(GUIDANCE)
    assert [r for r, _ in out.roles][:1] == ["resource"]
    assert "need" not in [r for r, _ in out.roles]
    assert 10 in [a for a, _ in out.articles]
    assert "storage" in [t for t, _ in out.topics]


def test_a_statement_is_classified_as_before() -> None:
    clf = C.Classifier(embeddings=HASH)
    vectors = C.embed_text(STATEMENT, HASH)
    assert clf.classify(STATEMENT, vectors) == clf.classify(STATEMENT, vectors, document=False)
    assert clf.cut("roles", document=False) == (0.5, True, C.DEFAULT_FLOOR["roles"])


@pytest.fixture
def documents_said(monkeypatch) -> list[bool | None]:
    """What each call of Classifier.classify was told of the text (``document``), in order;
    the real classify still answers."""
    seen: list[bool | None] = []
    real = C.Classifier.classify

    def spy(self, text, vectors=None, document=None):
        seen.append(document)
        return real(self, text, vectors, document)

    monkeypatch.setattr(C.Classifier, "classify", spy)
    return seen


def test_paragraphs_of_a_submission_are_each_read_as_a_statement(documents_said) -> None:
    C.classify_paragraphs(GUIDANCE, C.Classifier(embeddings=HASH))
    assert documents_said and all(d is False for d in documents_said)


def test_scores_of_topics_and_articles_are_the_same_for_a_document() -> None:
    # what the matcher reads of an unlabelled resource does not change
    clf = C.Classifier(embeddings=HASH)
    vectors = C.embed_text(GUIDANCE, HASH)
    for kind in ("topics", "articles"):
        assert clf.scores(kind, GUIDANCE, vectors) == clf.scores(
            kind, GUIDANCE, vectors, document=False
        )


def _team_statements() -> list[C.Example]:
    with open(C.data_dir() / "classifier" / "statements_team.csv", encoding="utf-8") as fh:
        return [C.Example(r["text"], (), (), [r["role"]]) for r in csv.DictReader(fh)]


def test_a_kind_fitted_on_documents_reads_every_text_alike() -> None:
    clf = C.Classifier(embeddings=HASH)
    clf.fitted["roles"] = clf.fitted_on_documents["roles"] = True
    assert not clf.as_document("roles", GUIDANCE, None)
    assert clf.cut("roles", document=True) == clf.cut("roles", document=False)


def test_roles_learned_from_statements_only_read_a_document_as_a_fresh_install() -> None:
    """Confirmed statements teach roles (the demo has 26): a kind fitted on them alone has
    never seen a document, so a guidance document is read as a fresh install reads it (a
    resource), while statements get the fitted weights."""
    fresh = C.Classifier(embeddings=HASH)
    # (validate=False: this is about how a fitted kind reads documents, not whether the hash
    # embedder's fit beats its zero-shot reading, classifier_validation's question)
    clf = C.Classifier(examples=_team_statements(), embeddings=HASH, validate=False)
    assert clf.fitted["roles"] and not clf.fitted_on_documents["roles"]
    assert clf.as_document("roles", GUIDANCE, None)
    assert clf.classify(GUIDANCE).roles == fresh.classify(GUIDANCE).roles
    assert [r for r, _ in clf.classify(GUIDANCE).roles][:1] == ["resource"]
    vectors = C.embed_text(STATEMENT, HASH)
    assert clf.scores("roles", STATEMENT, vectors) != fresh.scores("roles", STATEMENT, vectors)
    # once documents with roles are among the examples, the fitted weights read them too
    doc = C.Example(GUIDANCE, (), (), ["resource"])
    clf = C.Classifier(examples=[*_team_statements(), doc], embeddings=HASH, validate=False)
    assert clf.fitted_on_documents["roles"] and not clf.as_document("roles", GUIDANCE, None)


def test_fit_roles_learns_the_documents_prior() -> None:
    keys = ["need", "resource"]
    rng = np.random.default_rng(1)
    logits = [rng.normal(0, 1, 2) for _ in range(40)]
    gold = [np.array([i % 10 == 0, True]) for i in range(40)]  # resources, a few needs
    reading = CD.fit_roles(logits, gold, keys)
    assert reading.role_offsets["resource"] > 1 > 0 > reading.role_offsets["need"]
    assert 0.1 <= reading.role_threshold < 0.9


# A statement of support received, typed into a form in two paragraphs.
RECEIVED = (
    "In 2024 Ghana received training from UNITAR on mercury inventories, funded by the GEF.\n\n"
    "The workshop trained twenty officers of the Environmental Protection Agency in Accra."
)


def test_the_products_statements_and_needs_are_never_read_as_documents(
    monkeypatch, documents_said
) -> None:
    """The service the forms and the matcher call (a statement, a need) says "not a
    document" whatever the paragraphs; the CLI's classify_text leaves it to the text."""
    from minamata_kb.textanalysis import service

    hashed = C.Classifier(embeddings=HASH)
    monkeypatch.setattr(C, "get_classifier", lambda examples=None: hashed)
    service.classify_text(RECEIVED)
    C.classify_text(RECEIVED)
    assert documents_said == [False, None]


@pytest.mark.real_models
def test_a_statement_in_two_paragraphs_keeps_its_role_with_the_real_models() -> None:
    clf = C.Classifier()
    as_statement = [r for r, _ in C.classify_text(RECEIVED, clf, document=False).roles]
    as_document = [r for r, _ in clf.classify(RECEIVED).roles]
    assert as_statement == ["support_received"]
    assert "resource" in as_document  # what the document prior would have said of it
