"""Statement text classifier: articles, topics, roles and countries of a text.

Three kinds of evidence are combined per label, each label-agnostic so one small logistic
model per label kind can weigh them:

* zero-shot similarity of the text's passages to the profile's description of each label
  (multilingual embeddings; works on a fresh install with no labelled data);
* multilingual keyword evidence from the profile's ``keywords`` columns;
* what labelled examples (confirmed statements, labelled published resources) say, when there
  are any: a similarity-weighted vote of the nearest examples, similarity to each label's best
  examples, a kernel-ridge probe over the examples' embeddings, and for articles how often
  each article goes with each topic.

A few facts get a weight per label rather than one for all (``Classifier.context``): for roles
the number of countries a text names (one: often the recipient; many: a provider's programme)
and each role's own wording cue; for articles each article's own keyword evidence.

With too few examples the weights are fixed defaults, written for statements; a text of several
paragraphs read with them is read as a document (``classifier_document``: a document-level prior
per role and its own thresholds). With enough examples, the weights are fitted at run time
on the examples themselves (leave-one-out example features, so the fit sees honest values),
together with a decision threshold per label kind. Articles also see the topic probabilities
(articles implied by topics). What was tried beside this and not kept (per-label or
out-of-fold thresholds, a classifier chain over co-occurring labels, a lexical probe, bagging,
other settings chosen by nested CV), with its cross-validated figures:
``benchmarks/classify_quality.py``. Profile, paragraphs, keywords, countries, embeddings and types:
``classifier_text``; labelled data from the database: ``classifier_data``; the labels'
prototype embeddings: ``classifier_labels``; how a document is read zero-shot:
``classifier_document``; the profile-only features: ``classifier_features``;
what the examples say (vote, ridge probe, co-occurrence): ``classifier_probes``; the logistic
stacker and its threshold: ``classifier_stacker``.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from minamata_kb.textanalysis.classifier_data import examples_from_database, examples_key
from minamata_kb.textanalysis.classifier_document import DocumentReading, is_document
from minamata_kb.textanalysis.classifier_features import (
    BASE,
    FEATURES,
    base_features,
    context_facts,
)
from minamata_kb.textanalysis.classifier_labels import linked_topics, prototypes
from minamata_kb.textanalysis.classifier_probes import Cooccurrence, fit_ridge, ridge_scores, vote
from minamata_kb.textanalysis.classifier_stacker import best_threshold, fit_logistic, sigmoid
from minamata_kb.textanalysis.classifier_text import (
    KINDS,
    Classification,
    Example,
    Profile,
    TextVectors,
    _Embeddings,
    data_dir,
    default_embeddings,
    embed_text,
    keyword_hits,
    load_profile,
    split_paragraphs,
)
from minamata_kb.textanalysis.classifier_validation import VALIDATE_BELOW, keep_what_beats_zero_shot
from minamata_kb.textanalysis.countries import detect_countries, reset_country_cache
from minamata_kb.textanalysis.statement_cues import propose_channel

__all__ = [
    "KINDS",
    "Classification",
    "Classifier",
    "Example",
    "TextVectors",
    "classify_paragraphs",
    "classify_text",
    "data_dir",
    "detect_countries",
    "embed_text",
    "examples_from_database",
    "get_classifier",
    "keyword_hits",
    "load_profile",
    "reset_country_cache",
    "split_paragraphs",
]

MIN_EXAMPLES_TO_FIT = 30


# --------------------------------------------------------------------------- the model


# Weights used when there are too few examples to fit: zero-shot and keyword evidence only.
DEFAULT_WEIGHTS = {
    "articles": {"bias": -2.75, "use_rel": 0.5, "e5_rel": 0.5, "kw": 1.5, "topic_rel": 0.3, "topic_kw": 0.5},
    "topics": {"bias": -2.75, "use_rel": 0.5, "e5_rel": 0.5, "kw": 1.5},
    "roles": {"bias": -2.5, "use_rel": 0.4, "e5_rel": 0.5, "kw": 0.9, "cue": 1.5},
}  # fmt: skip
DEFAULT_THRESHOLD = {"articles": 0.5, "topics": 0.5, "roles": 0.5}
# With nothing above the threshold, the best label is still asserted if it reaches the floor.
DEFAULT_FLOOR = {"articles": 0.15, "topics": 0.15, "roles": 0.1}


class Classifier:
    """Scores profile labels for a text; learns weights from examples when it has enough."""

    label_bias = True  # per-label offsets (one-hot columns), fitted with a strong penalty
    label_knn = False  # per-label weight on the examples' vote
    temperature = 8.0
    ridge_lambda = 0.5
    use_cooc = True
    l2 = 1.0
    l2_label = 1.0
    # per kind, the facts weighed per label: a whole-text fact (``context_facts``) or a feature
    # column whose weight may differ from label to label
    context: dict[str, tuple[str, ...]] = {
        "roles": ("countries_log", "one_country", "cue"),
        "articles": ("kw",),
        "topics": (),
    }

    def __init__(
        self,
        profile: Profile | None = None,
        examples: Sequence[Example] = (),
        embeddings: _Embeddings | None = None,
        k: int = 10,
        fit_kinds: Iterable[str] = KINDS,
        validate: bool = True,
    ) -> None:
        self.profile = profile or load_profile()
        self.fit_kinds = set(fit_kinds)  # the kinds it may learn from the examples
        self.validate = validate  # check held out that what it learned beats zero-shot
        self.validation: dict[str, tuple[float, float]] = {}  # kind: (learned, zero-shot)
        self.embeddings = embeddings or default_embeddings()
        self.k = k
        self.examples = [ex for ex in examples if ex.text.strip()]
        self._label_vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        # the zero-shot weights, kept for documents read by a kind fitted on statements only
        self.zero_shot_weights = {kind: self._default_weights(kind) for kind in KINDS}
        self.weights: dict[str, np.ndarray] = dict(self.zero_shot_weights)
        self.thresholds: dict[str, float] = dict(DEFAULT_THRESHOLD)
        self.min_one: dict[str, bool] = dict.fromkeys(KINDS, True)
        self.floor: dict[str, float] = dict(DEFAULT_FLOOR)
        self.fitted: dict[str, bool] = dict.fromkeys(KINDS, False)
        # whether a fitted kind learned from whole documents too, or from statements only
        self.fitted_on_documents: dict[str, bool] = dict.fromkeys(KINDS, False)
        self.document = DocumentReading()  # how a kind not fitted reads a whole document
        self._example_vectors: list[TextVectors] = []
        for ex in self.examples:
            if ex.vectors is None:
                ex.vectors = embed_text(ex.text, self.embeddings)
            self._example_vectors.append(ex.vectors)
        self._example_matrix: np.ndarray | None = (
            np.stack([v.doc() for v in self._example_vectors]) if self.examples else None
        )
        self._label_sets = {kind: [ex.labels(kind) for ex in self.examples] for kind in KINDS}
        self._ridge: dict[str, tuple[Any, ...]] = {}
        if self.examples:
            assert self._example_matrix is not None
            self._ridge = fit_ridge(
                self._example_matrix, self._label_sets, self.profile, self.ridge_lambda
            )
            self._cooccurrence = Cooccurrence(self.profile, self._label_sets, self._linked_topics())
        if len(self.examples) >= MIN_EXAMPLES_TO_FIT:
            self.fit()

    def _width(self, kind: str) -> int:
        n = len(self.profile.labels[kind])
        extra = n * len(self.context[kind])
        return len(FEATURES) + (n if self.label_bias else 0) + (n if self.label_knn else 0) + extra

    def _default_weights(self, kind: str) -> np.ndarray:
        """DEFAULT_WEIGHTS of a kind in its feature columns (zero elsewhere)."""
        w = np.zeros(self._width(kind))
        for name, value in DEFAULT_WEIGHTS[kind].items():
            w[FEATURES.index(name)] = value
        return w

    def _ridge_scores(self, kind: str, vectors: TextVectors, exclude: int | None) -> np.ndarray:
        n = len(self.profile.labels[kind])
        return ridge_scores(self._ridge, kind, n, vectors, exclude)

    # ---- label side
    def _label_matrix(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """Label prototypes (classifier_labels.prototypes), computed once per kind."""
        if kind not in self._label_vectors:
            self._label_vectors[kind] = prototypes(self.profile, self.embeddings, kind)
        return self._label_vectors[kind]

    # ---- features
    def _base(self, kind: str, text: str, vectors: TextVectors) -> np.ndarray:
        """Profile-only features (labels × BASE), cached on the text's vectors."""
        return base_features(self.profile, kind, text, vectors, self._label_matrix)

    def _linked_topics(self) -> list[list[int]]:
        return linked_topics(self.profile)

    def features(
        self, kind: str, text: str, vectors: TextVectors, exclude: int | None = None
    ) -> np.ndarray:
        """Feature matrix (labels × width) for one text; ``exclude`` leaves one example out."""
        n = len(self.profile.labels[kind])
        X = np.zeros((n, self._width(kind)))
        X[:, : len(BASE)] = self._base(kind, text, vectors)
        col = {name: i for i, name in enumerate(FEATURES)}
        if self._example_matrix is not None:
            knn, prior, centroid = self._vote(kind, vectors, exclude)
            X[:, col["knn"]], X[:, col["prior"]], X[:, col["centroid"]] = knn, prior, centroid
            X[:, col["ridge"]] = self._ridge_scores(kind, vectors, exclude)
        if kind == "articles" and self.fitted["topics"]:
            tp = self.probabilities("topics", text, vectors, exclude)
            for i, linked in enumerate(self._linked_topics()):
                if linked:
                    X[i, col["topic_prob"]] = max(tp[j] for j in linked)
            if self.use_cooc:
                cooc = self._cooccurrence.article_given_topic(exclude)
                X[:, col["topic_cooc"]] = (cooc * tp[None, :]).max(axis=1)
        at = len(FEATURES)
        if self.label_bias:
            X[:, at : at + n] = np.eye(n)
            at += n
        if self.label_knn:
            X[:, at : at + n] = np.diag(X[:, col["knn"]])
            at += n
        names = self.context[kind]
        if names:
            facts = context_facts(text, vectors)
            K = len(names)
            for c, name in enumerate(names):
                # a whole-text fact, or the label's own value of a feature
                values = X[:, col[name]] if name in col else np.full(n, facts[name])
                X[np.arange(n), at + np.arange(n) * K + c] = values
        return X

    def _vote(
        self, kind: str, vectors: TextVectors, exclude: int | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        keys = [lab.key for lab in self.profile.labels[kind]]
        assert self._example_matrix is not None
        sets = self._label_sets[kind]
        return vote(keys, self._example_matrix, sets, vectors, exclude, self.k, self.temperature)

    # ---- learning
    def fit(self) -> None:
        """Fit weights and thresholds per kind on the examples (leave-one-out vote features);
        with few examples, keep a fitted kind only where it beats the zero-shot reading held
        out (``classifier_validation``)."""
        for kind in ("topics", "roles", "articles"):  # topics first: articles use them
            if kind in self.fit_kinds:
                self.fit_kind(kind)
        if self.validate and len(self.examples) < VALIDATE_BELOW:
            keep_what_beats_zero_shot(self)

    def unfit(self, kind: str) -> None:
        """Read ``kind`` zero-shot again, as without examples."""
        self.weights[kind] = self.zero_shot_weights[kind]
        self.thresholds[kind] = DEFAULT_THRESHOLD[kind]
        self.min_one[kind] = True
        self.floor[kind] = DEFAULT_FLOOR[kind]
        self.fitted[kind] = self.fitted_on_documents[kind] = False
        self.fit_kinds.discard(kind)

    def fit_kind(self, kind: str) -> None:
        """Fit one kind's weights and threshold (when it has enough labelled examples)."""
        Xs, ys = [], []
        keys = [lab.key for lab in self.profile.labels[kind]]
        documents = False
        for j, ex in enumerate(self.examples):
            gold = self._label_sets[kind][j]
            if not gold:
                continue
            documents = documents or is_document(ex.text, self._example_vectors[j])
            Xs.append(self.features(kind, ex.text, self._example_vectors[j], exclude=j))
            ys.append(np.array([key in gold for key in keys], dtype=float))
        if len(Xs) < MIN_EXAMPLES_TO_FIT // 2:
            return
        X, y = np.concatenate(Xs), np.concatenate(ys)
        reg = np.full(X.shape[1], self.l2)
        reg[0] = 1e-3
        reg[len(FEATURES) :] = self.l2_label
        self.weights[kind] = fit_logistic(X, y, reg)
        probs = [sigmoid(x @ self.weights[kind]) for x in Xs]
        self.thresholds[kind], self.min_one[kind] = best_threshold(probs, ys)
        self.floor[kind] = 0.0
        self.fitted[kind] = True
        self.fitted_on_documents[kind] = documents

    # ---- prediction
    def as_document(
        self, kind: str, text: str, vectors: TextVectors | None, document: bool | None = None
    ) -> bool:
        """Whether ``kind`` reads the text as a whole document (``classifier_document``): a
        text of several paragraphs (or ``document`` says so), for a kind not fitted on
        examples, or fitted on statements only (confirmed statements teach roles, and a
        document is not one: it is read as a fresh install reads it)."""
        if self.fitted_on_documents[kind] or document is False:
            return False
        return bool(document) or is_document(text, vectors)

    def probabilities(
        self,
        kind: str,
        text: str,
        vectors: TextVectors,
        exclude: int | None = None,
        document: bool | None = None,
    ) -> np.ndarray:
        """Probability of each label of ``kind`` (profile order)."""
        as_document = kind == "roles" and self.as_document(kind, text, vectors, document)
        # a document read by a kind fitted on statements only: with the zero-shot weights
        weights = self.zero_shot_weights[kind] if as_document else self.weights[kind]
        z = self.features(kind, text, vectors, exclude) @ weights
        if as_document:
            z = self.document.role_logits(z, [str(lab.key) for lab in self.profile.labels[kind]])
        return sigmoid(z)

    def scores(
        self, kind: str, text: str, vectors: TextVectors, document: bool | None = None
    ) -> list[tuple[object, float]]:
        """Probability per label, best first."""
        probs = self.probabilities(kind, text, vectors, document=document)
        keys = [lab.key for lab in self.profile.labels[kind]]
        return sorted(zip(keys, probs.tolist(), strict=True), key=lambda p: -p[1])

    def cut(self, kind: str, document: bool = False) -> tuple[float, bool, float]:
        """Threshold, whether the best label is asserted when none reaches it, and the floor
        it must reach then; a document read zero-shot has its own (``classifier_document``)."""
        if document and kind == "roles" and not self.fitted_on_documents[kind]:
            return self.document.role_threshold, self.document.role_min_one, 0.0
        if document and kind == "topics" and not self.fitted[kind]:
            return self.document.topic_threshold, self.min_one[kind], self.floor[kind]
        return self.thresholds[kind], self.min_one[kind], self.floor[kind]

    def assert_labels(
        self, kind: str, ranked: list[tuple[object, float]], document: bool = False
    ) -> list:
        """The labels to assert from ranked scores."""
        threshold, min_one, floor = self.cut(kind, document)
        chosen = [(k, s) for k, s in ranked if s >= threshold]
        if not chosen and min_one and ranked and ranked[0][1] >= floor:
            chosen = ranked[:1]
        return chosen

    def classify(
        self, text: str, vectors: TextVectors | None = None, document: bool | None = None
    ) -> Classification:
        """Classify one text: a statement, or a whole document when it has several paragraphs
        (``document``: say which instead)."""
        if not text.strip():
            return Classification()
        vectors = vectors or embed_text(text, self.embeddings)
        out = Classification(countries=detect_countries(text), channel=propose_channel(text))
        if not self._on_subject(text, vectors):
            return out
        doc = is_document(text, vectors) if document is None else document
        for kind in ("articles", "topics"):
            ranked = self.scores(kind, text, vectors, document=doc)
            setattr(out, kind, self.assert_labels(kind, ranked, document=doc))
        # A text about the Convention keeps its best role even when no topic or article passes
        # its cut (a learned cut asserted none for a Spanish "received training on inventories"
        # statement, which then lost its role too); off-subject texts stopped above.
        roles = self.scores("roles", text, vectors, document=doc)
        out.roles = self.assert_labels("roles", roles, document=doc)
        return out

    def _on_subject(self, text: str, vectors: TextVectors) -> bool:
        """Whether the text is about the convention at all: it names mercury or one label."""
        if _MERCURY.search(text):
            return True
        kw = BASE.index("kw")
        return any(
            self._base(kind, text, vectors)[:, kw].max() > 0 for kind in ("articles", "topics")
        )


# "mercury" in the six languages and a few more (word starts; Chinese as is)
_MERCURY = re.compile(
    r"(?i)(?<!\w)(mercur|merkur|quecksilber|kwik|rtęć|ртут|minamata|hg\b)|汞|水俣|زئبق"
)


# --------------------------------------------------------------------------- public API


_state: dict[str, Any] = {"key": None, "classifier": None, "pending": None, "thread": None}
_state_lock = threading.Lock()
log = logging.getLogger(__name__)


def _refit_in_background() -> bool:
    from django.conf import settings

    return getattr(settings, "CLASSIFIER_REFIT", "background") == "background"


def _build(key: tuple | None, current: Classifier | None) -> Classifier:
    learn = key is not None and key[0] >= MIN_EXAMPLES_TO_FIT
    clf = Classifier(examples=examples_from_database() if learn else [])
    if current is not None and current.profile is clf.profile:
        clf._label_vectors = current._label_vectors
    return clf


def _refit(key: tuple | None) -> None:
    """Build the classifier for ``key`` in this thread, then put it in place of the old one."""
    from django.db import connection

    try:
        clf = _build(key, _state["classifier"])
    except Exception:
        log.exception("refitting the statement classifier failed; the previous one stays")
        with _state_lock:
            _state["pending"] = None
        return
    finally:
        connection.close()  # this thread's own connection
    with _state_lock:
        if _state["pending"] == key:
            _state["classifier"], _state["key"], _state["pending"] = clf, key, None


def get_classifier(examples: Iterable[Example] | None = None) -> Classifier:
    """The classifier over the default profile.

    Without ``examples`` it learns from the confirmed statements in the database when there
    are at least MIN_EXAMPLES_TO_FIT of them, else it is zero-shot. When they change it is
    refitted: by default in a background thread while the previous classifier keeps answering
    (a refit takes seconds), with ``CLASSIFIER_REFIT=inline`` before answering.
    """
    if examples is not None:
        return Classifier(examples=list(examples))
    key = examples_key()
    with _state_lock:
        current = _state["classifier"]
        if current is not None and key == _state["key"]:
            return current
        if current is not None and _refit_in_background():
            if _state["pending"] != key:
                _state["pending"] = key
                thread = threading.Thread(
                    target=_refit, args=(key,), name="classifier-refit", daemon=True
                )
                _state["thread"] = thread
                thread.start()
            return current
        _state["classifier"], _state["key"] = _build(key, current), key
        _state["pending"] = None
        return _state["classifier"]


def wait_for_refit(timeout: float = 60.0) -> None:
    """Wait for a background refit to finish (tests, commands that must see the new one)."""
    thread = _state.get("thread")
    if thread is not None:
        thread.join(timeout)


def classify_text(
    text: str, classifier: Classifier | None = None, document: bool | None = None
) -> Classification:
    """Classify one text with the default (or given) classifier (``document``: see
    ``Classifier.classify``)."""
    return (classifier or get_classifier()).classify(text, document=document)


def classify_paragraphs(
    text: str, classifier: Classifier | None = None
) -> list[tuple[str, Classification]]:
    """Split a submission into paragraphs and classify each (candidate statements), each as a
    statement even when it is long."""
    clf = classifier or get_classifier()
    return [(p, clf.classify(p, document=False)) for p in split_paragraphs(text)]
