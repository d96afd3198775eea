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

With too few examples the weights are fixed defaults; with enough, they are fitted at run time
on the examples themselves (leave-one-out example features, so the fit sees honest values),
together with a decision threshold per label kind. Articles also see the topic probabilities
(articles implied by topics). What was tried beside this and not kept (per-label or
out-of-fold thresholds, a classifier chain over co-occurring labels, a lexical probe, bagging,
other settings chosen by nested CV), with its cross-validated figures:
``benchmarks/classify_quality.py``. Profile, paragraphs, keywords, countries, embeddings and types:
``classifier_text``; labelled data from the database: ``classifier_data``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from minamata_kb.textanalysis.classifier_data import examples_from_database, examples_key
from minamata_kb.textanalysis.classifier_text import (
    KINDS,
    Classification,
    Example,
    Profile,
    TextVectors,
    _Embeddings,
    data_dir,
    default_embeddings,
    detect_countries,
    embed_text,
    keyword_hits,
    load_profile,
    reset_country_cache,
    split_paragraphs,
    unit_norm,
    var_dir,
)
from minamata_kb.textanalysis.statement_cues import propose_channel, role_cue_profile

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


# Features that depend on the text and the profile only (cached per text) ...
BASE = (
    "bias", "use_rel", "e5_rel", "use_abs", "e5_abs", "kw", "kw_title", "topic_rel", "topic_kw",
    "cue",  # roles: what the verbs, subject and tense say (statement_cues.role_cues)
    "kw_share",  # share of the text's passages naming the label (a whole subject, not a mention)
)  # fmt: skip
# ... and those that depend on the labelled examples.
LEARNED = ("knn", "prior", "centroid", "topic_prob", "ridge", "topic_cooc")
FEATURES = BASE + LEARNED

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
    # per kind, the facts weighed per label: a whole-text fact (``_context``) or a feature
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
    ) -> None:
        self.profile = profile or load_profile()
        self.embeddings = embeddings or default_embeddings()
        self.k = k
        self.examples = [ex for ex in examples if ex.text.strip()]
        self._label_vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.weights: dict[str, np.ndarray] = {}
        self.thresholds: dict[str, float] = dict(DEFAULT_THRESHOLD)
        self.min_one: dict[str, bool] = dict.fromkeys(KINDS, True)
        self.floor: dict[str, float] = dict(DEFAULT_FLOOR)
        self.fitted: dict[str, bool] = dict.fromkeys(KINDS, False)
        for kind in KINDS:
            w = np.zeros(self._width(kind))
            for name, value in DEFAULT_WEIGHTS[kind].items():
                w[FEATURES.index(name)] = value
            self.weights[kind] = w
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
            self._fit_ridge()
            self._count_cooc()
        if len(self.examples) >= MIN_EXAMPLES_TO_FIT:
            self.fit()

    def _width(self, kind: str) -> int:
        n = len(self.profile.labels[kind])
        extra = n * len(self.context[kind])
        return len(FEATURES) + (n if self.label_bias else 0) + (n if self.label_knn else 0) + extra

    def _context(self, text: str, vectors: TextVectors) -> dict[str, float]:
        """Whole-text facts whose meaning differs per label (a weight per label and fact):
        how many countries the text names (one: often the recipient; many: a provider's
        programme for them)."""
        if "context" not in vectors.cache:
            n = len(detect_countries(text))
            vectors.cache["context"] = {
                "countries_log": math.log1p(n),
                "one_country": float(n == 1),
            }
        return vectors.cache["context"]

    def _fit_ridge(self) -> None:
        """Kernel ridge regression of label indicators on the examples' embeddings.

        Gives every label a linear-probe score; leave-one-out scores of the examples come in
        closed form from the hat matrix, so the stacker can be fitted on honest values. Per
        kind, only the examples labelled for that kind take part.
        """
        E = self._example_matrix
        assert E is not None
        for kind in KINDS:
            members = [j for j, labs in enumerate(self._label_sets[kind]) if labs]
            if not members:
                continue
            Ek = E[members]
            K = Ek @ Ek.T
            inv = np.linalg.inv(K + self.ridge_lambda * np.eye(len(members)))
            H = K @ inv
            keys = [lab.key for lab in self.profile.labels[kind]]
            Y = np.array(
                [[key in self._label_sets[kind][j] for key in keys] for j in members], float
            )
            mean = Y.mean(axis=0)
            Yc = Y - mean
            h = np.diag(H)[:, None]
            loo = (H @ Yc - h * Yc) / (1 - h) + mean
            position = {j: i for i, j in enumerate(members)}
            self._ridge[kind] = (Ek, inv @ Yc, mean, loo, position)

    def _ridge_scores(self, kind: str, vectors: TextVectors, exclude: int | None) -> np.ndarray:
        if kind not in self._ridge:
            return np.zeros(len(self.profile.labels[kind]))
        Ek, alpha, mean, loo, position = self._ridge[kind]
        if exclude is not None and exclude in position:
            return loo[position[exclude]]
        return (Ek @ vectors.doc()) @ alpha + mean

    def _count_cooc(self) -> None:
        """How often each article goes with each topic in the examples labelled with both."""
        arts = [lab.key for lab in self.profile.labels["articles"]]
        tops = [lab.key for lab in self.profile.labels["topics"]]
        self._cooc_a = np.array(
            [[a in s for a in arts] for s in self._label_sets["articles"]], float
        )
        self._cooc_t = np.array([[t in s for t in tops] for s in self._label_sets["topics"]], float)
        both = (self._cooc_a.sum(axis=1) > 0) & (self._cooc_t.sum(axis=1) > 0)
        self._cooc_a[~both] = 0
        self._cooc_t[~both] = 0
        self._cooc_joint = self._cooc_a.T @ self._cooc_t  # articles × topics
        self._cooc_topic = self._cooc_t.sum(axis=0)
        # the profile's own links count as one example each
        self._cooc_links = np.zeros_like(self._cooc_joint)
        for i, linked in enumerate(self._linked_topics()):
            self._cooc_links[i, linked] = 1.0

    def _cooc(self, exclude: int | None) -> np.ndarray:
        """P(article | topic), smoothed by the profile links; leaves one example out."""
        joint, per_topic = self._cooc_joint, self._cooc_topic
        if exclude is not None:
            joint = joint - np.outer(self._cooc_a[exclude], self._cooc_t[exclude])
            per_topic = per_topic - self._cooc_t[exclude]
        return (joint + self._cooc_links) / (per_topic + 1.0)[None, :]

    # ---- label side
    def _label_texts(self, kind: str) -> tuple[list[list[str]], list[str]]:
        labels = self.profile.labels[kind]
        use = [
            [f"{lab.names[0]}: {lab.description}", *lab.names, ", ".join(lab.keywords[:25])]
            for lab in labels
        ]
        return use, [f"{lab.names[0]}: {lab.description}" for lab in labels]

    def _label_matrix(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """Label prototypes: USE centroid of names/description/keywords, e5 of the description."""
        if kind in self._label_vectors:
            return self._label_vectors[kind]
        use_texts, e5_texts = self._label_texts(kind)
        tag = f"{self.embeddings.use_name}/{self.embeddings.e5_name}"
        digest = hashlib.sha256(repr((tag, use_texts, e5_texts)).encode()).hexdigest()[:20]
        path = var_dir() / "cache" / "classifier" / f"labels-{kind}-{digest}.npz"
        try:
            with np.load(path) as data:
                self._label_vectors[kind] = (data["use"], data["e5"])
                return self._label_vectors[kind]
        except (OSError, KeyError, ValueError):
            pass
        flat = [t for texts in use_texts for t in texts]
        vecs = self.embeddings.use(flat)
        rows, at = [], 0
        for texts in use_texts:
            rows.append(unit_norm(vecs[at : at + len(texts)].mean(axis=0))[0])
            at += len(texts)
        pair = (np.stack(rows).astype(np.float32), self.embeddings.e5(e5_texts, query=True))
        self._label_vectors[kind] = pair
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, use=pair[0], e5=pair[1])
            tmp.replace(path)
        except OSError:  # read-only install: recompute next time
            pass
        return pair

    # ---- features
    def _base(self, kind: str, text: str, vectors: TextVectors) -> np.ndarray:
        """Profile-only features (labels × BASE), cached on the text's vectors."""
        key = ("base", id(self.profile), kind)
        if key in vectors.cache:
            return vectors.cache[key]
        labels = self.profile.labels[kind]
        X = np.zeros((len(labels), len(BASE)))
        col = {name: i for i, name in enumerate(BASE)}
        X[:, col["bias"]] = 1.0
        lu, le = self._label_matrix(kind)
        use_sim = (vectors.use @ lu.T).max(axis=0)
        e5_sim = (vectors.e5 @ le.T).max(axis=0)
        X[:, col["use_abs"]] = (use_sim - 0.3) * 5
        X[:, col["e5_abs"]] = (e5_sim - 0.8) * 20
        X[:, col["use_rel"]] = _zscore(use_sim)
        X[:, col["e5_rel"]] = _zscore(e5_sim)
        title = text.strip().split("\n", 1)[0][:200]
        for i, lab in enumerate(labels):
            terms = (*lab.keywords, *lab.names)
            X[i, col["kw"]] = math.log1p(keyword_hits(text, terms))
            X[i, col["kw_title"]] = min(keyword_hits(title, terms), 1)
        if "passages" not in vectors.cache:
            vectors.cache["passages"] = split_paragraphs(text, max_chars=500) or [text]
        passages = vectors.cache["passages"]
        for i, lab in enumerate(labels):
            terms = (*lab.keywords, *lab.names)
            naming = sum(1 for p in passages if keyword_hits(p, terms))
            X[i, col["kw_share"]] = naming / len(passages)
        if kind == "roles":
            cues = role_cue_profile(text)
            for i, lab in enumerate(labels):
                X[i, col["cue"]] = cues.get(str(lab.key), 0.0)
        if kind == "articles":
            tX = self._base("topics", text, vectors)
            for i, linked in enumerate(self._linked_topics()):
                if linked:
                    X[i, col["topic_rel"]] = max(
                        tX[j, col["use_rel"]] + tX[j, col["e5_rel"]] for j in linked
                    )
                    X[i, col["topic_kw"]] = max(tX[j, col["kw"]] for j in linked)
        vectors.cache[key] = X
        return X

    def _linked_topics(self) -> list[list[int]]:
        topics = self.profile.labels["topics"]
        return [
            [j for j, t in enumerate(topics) if lab.key in t.articles]
            for lab in self.profile.labels["articles"]
        ]

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
                X[:, col["topic_cooc"]] = (self._cooc(exclude) * tp[None, :]).max(axis=1)
        at = len(FEATURES)
        if self.label_bias:
            X[:, at : at + n] = np.eye(n)
            at += n
        if self.label_knn:
            X[:, at : at + n] = np.diag(X[:, col["knn"]])
            at += n
        names = self.context[kind]
        if names:
            facts = self._context(text, vectors)
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
        index = {key: i for i, key in enumerate(keys)}
        assert self._example_matrix is not None
        sims = self._example_matrix @ vectors.doc()
        labelled = np.array([bool(labs) for labs in self._label_sets[kind]])
        sims[~labelled] = -np.inf  # examples without labels of this kind say nothing about it
        if exclude is not None:
            sims[exclude] = -np.inf
        order = np.argsort(-sims)[: self.k]
        vote = np.zeros(len(keys))
        total = 0.0
        for j in order:
            if not np.isfinite(sims[j]):
                continue
            w = math.exp(self.temperature * float(sims[j]))
            total += w
            for key in self._label_sets[kind][j]:
                if key in index:
                    vote[index[key]] += w
        counts = np.zeros(len(keys))
        best = np.full(len(keys), np.nan)
        for j, labs in enumerate(self._label_sets[kind]):
            if j == exclude:
                continue
            for key in labs:
                if key in index:
                    counts[index[key]] += 1
        centroid = np.zeros(len(keys))
        for i, key in enumerate(keys):
            members = [
                sims[j]
                for j, labs in enumerate(self._label_sets[kind])
                if key in labs and np.isfinite(sims[j])
            ]
            if members:
                best[i] = float(np.mean(sorted(members, reverse=True)[:3]))
        finite = np.isfinite(best)
        if finite.any():
            ref = best[finite].mean()
            centroid[finite] = (best[finite] - ref) * 10
        prior = np.log((counts + 0.5) / (int(labelled.sum()) + 1))
        return (vote / total if total else vote), prior, centroid

    # ---- learning
    def fit(self) -> None:
        """Fit weights and thresholds per kind on the examples (leave-one-out vote features)."""
        for kind in ("topics", "roles", "articles"):  # topics first: articles use them
            Xs, ys = [], []
            keys = [lab.key for lab in self.profile.labels[kind]]
            for j, ex in enumerate(self.examples):
                gold = self._label_sets[kind][j]
                if not gold:
                    continue
                Xs.append(self.features(kind, ex.text, self._example_vectors[j], exclude=j))
                ys.append(np.array([key in gold for key in keys], dtype=float))
            if len(Xs) < MIN_EXAMPLES_TO_FIT // 2:
                continue
            X, y = np.concatenate(Xs), np.concatenate(ys)
            reg = np.full(X.shape[1], self.l2)
            reg[0] = 1e-3
            reg[len(FEATURES) :] = self.l2_label
            self.weights[kind] = _fit_logistic(X, y, reg)
            probs = [_sigmoid(x @ self.weights[kind]) for x in Xs]
            self.thresholds[kind], self.min_one[kind] = _best_threshold(probs, ys)
            self.floor[kind] = 0.0
            self.fitted[kind] = True

    # ---- prediction
    def probabilities(
        self, kind: str, text: str, vectors: TextVectors, exclude: int | None = None
    ) -> np.ndarray:
        """Probability of each label of ``kind`` (profile order)."""
        return _sigmoid(self.features(kind, text, vectors, exclude) @ self.weights[kind])

    def scores(self, kind: str, text: str, vectors: TextVectors) -> list[tuple[object, float]]:
        """Probability per label, best first."""
        probs = self.probabilities(kind, text, vectors)
        keys = [lab.key for lab in self.profile.labels[kind]]
        return sorted(zip(keys, probs.tolist(), strict=True), key=lambda p: -p[1])

    def assert_labels(self, kind: str, ranked: list[tuple[object, float]]) -> list:
        """The labels to assert from ranked scores."""
        chosen = [(k, s) for k, s in ranked if s >= self.thresholds[kind]]
        if not chosen and self.min_one[kind] and ranked and ranked[0][1] >= self.floor[kind]:
            chosen = ranked[:1]
        return chosen

    def classify(self, text: str, vectors: TextVectors | None = None) -> Classification:
        """Classify one text (a paragraph or a whole document)."""
        if not text.strip():
            return Classification()
        vectors = vectors or embed_text(text, self.embeddings)
        out = Classification(countries=detect_countries(text), channel=propose_channel(text))
        if not self._on_subject(text, vectors):
            return out
        out.articles = self.assert_labels("articles", self.scores("articles", text, vectors))
        out.topics = self.assert_labels("topics", self.scores("topics", text, vectors))
        roles = self.scores("roles", text, vectors)
        if out.articles or out.topics:
            out.roles = self.assert_labels("roles", roles)
        else:  # a text about nothing in the profile gets no fallback role
            out.roles = [(str(k), p) for k, p in roles if p >= self.thresholds["roles"]]
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


def _zscore(v: np.ndarray) -> np.ndarray:
    return (v - v.mean()) / (v.std() + 1e-6)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _fit_logistic(X: np.ndarray, y: np.ndarray, reg: np.ndarray, iters: int = 30) -> np.ndarray:
    """L2-regularised logistic regression by Newton steps (``reg``: penalty per column)."""
    w = np.zeros(X.shape[1])
    for _ in range(iters):
        p = _sigmoid(X @ w)
        grad = X.T @ (p - y) + reg * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def _best_threshold(probs: list[np.ndarray], gold: list[np.ndarray]) -> tuple[float, bool]:
    """The threshold (and top-1 fallback) maximising micro-F1 over the given texts."""
    best = (0.5, False, -1.0)
    for min_one in (False, True):
        for t in np.arange(0.1, 0.9, 0.025):
            tp = fp = fn = 0
            for p, g in zip(probs, gold, strict=True):
                pred = p >= t
                if min_one and not pred.any():
                    pred = p == p.max()
                tp += int((pred & (g > 0)).sum())
                fp += int((pred & (g == 0)).sum())
                fn += int((~pred & (g > 0)).sum())
            f1 = 2 * tp / max(2 * tp + fp + fn, 1)
            if f1 > best[2] + 1e-9:
                best = (float(t), min_one, f1)
    return best[0], best[1]


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


def classify_text(text: str, classifier: Classifier | None = None) -> Classification:
    """Classify one text with the default (or given) classifier."""
    return (classifier or get_classifier()).classify(text)


def classify_paragraphs(
    text: str, classifier: Classifier | None = None
) -> list[tuple[str, Classification]]:
    """Split a submission into paragraphs and classify each (candidate statements)."""
    clf = classifier or get_classifier()
    return [(p, clf.classify(p)) for p in split_paragraphs(text)]
