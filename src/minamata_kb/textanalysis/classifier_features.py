"""What the classifier knows of a text before any labelled example: the profile-only feature
columns of each label (similarity to the label's prototypes, its keywords, the role cues, the
topics linked to an article) and the whole-text facts weighed per label. Each is cached on the
text's vectors. Framework-free, like the rest of the classifier (classifier_text.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from minamata_kb.textanalysis.classifier_labels import linked_topics
from minamata_kb.textanalysis.classifier_text import (
    Label,
    Profile,
    TextVectors,
    keyword_hits,
    split_paragraphs,
)
from minamata_kb.textanalysis.countries import detect_countries
from minamata_kb.textanalysis.statement_cues import role_cue_profile

# Features that depend on the text and the profile only (cached per text) ...
BASE = (
    "bias", "use_rel", "e5_rel", "use_abs", "e5_abs", "kw", "kw_title", "topic_rel", "topic_kw",
    "cue",  # roles: what the verbs, subject and tense say (statement_cues.role_cues)
    "kw_share",  # share of the text's passages naming the label (a whole subject, not a mention)
)  # fmt: skip
# ... and those that depend on the labelled examples (classifier_probes).
LEARNED = ("knn", "prior", "centroid", "topic_prob", "ridge", "topic_cooc")
FEATURES = BASE + LEARNED

_COL = {name: i for i, name in enumerate(BASE)}

Prototypes = Callable[[str], tuple[np.ndarray, np.ndarray]]  # kind -> (USE, e5) per label


def base_features(
    profile: Profile, kind: str, text: str, vectors: TextVectors, prototypes: Prototypes
) -> np.ndarray:
    """Profile-only features (labels × BASE), cached on the text's vectors."""
    key = ("base", id(profile), kind)
    if key in vectors.cache:
        return vectors.cache[key]
    labels = profile.labels[kind]
    X = np.zeros((len(labels), len(BASE)))
    X[:, _COL["bias"]] = 1.0
    _similarities(X, vectors, *prototypes(kind))
    _keywords(X, labels, text, vectors)
    if kind == "roles":
        cues = role_cue_profile(text)
        for i, lab in enumerate(labels):
            X[i, _COL["cue"]] = cues.get(str(lab.key), 0.0)
    if kind == "articles":
        tX = base_features(profile, "topics", text, vectors, prototypes)
        for i, linked in enumerate(linked_topics(profile)):
            if linked:
                X[i, _COL["topic_rel"]] = max(
                    tX[j, _COL["use_rel"]] + tX[j, _COL["e5_rel"]] for j in linked
                )
                X[i, _COL["topic_kw"]] = max(tX[j, _COL["kw"]] for j in linked)
    vectors.cache[key] = X
    return X


def _similarities(X: np.ndarray, vectors: TextVectors, lu: np.ndarray, le: np.ndarray) -> None:
    """The best passage's cosine with each label's prototypes, absolute and among the labels."""
    use_sim = (vectors.use @ lu.T).max(axis=0)
    e5_sim = (vectors.e5 @ le.T).max(axis=0)
    X[:, _COL["use_abs"]] = (use_sim - 0.3) * 5
    X[:, _COL["e5_abs"]] = (e5_sim - 0.8) * 20
    X[:, _COL["use_rel"]] = _zscore(use_sim)
    X[:, _COL["e5_rel"]] = _zscore(e5_sim)


def _keywords(X: np.ndarray, labels: Sequence[Label], text: str, vectors: TextVectors) -> None:
    """Each label's keywords and names: in the text, in its title, and the share of its
    passages naming one."""
    title = text.strip().split("\n", 1)[0][:200]
    for i, lab in enumerate(labels):
        terms = (*lab.keywords, *lab.names)
        X[i, _COL["kw"]] = math.log1p(keyword_hits(text, terms))
        X[i, _COL["kw_title"]] = min(keyword_hits(title, terms), 1)
    if "passages" not in vectors.cache:
        vectors.cache["passages"] = split_paragraphs(text, max_chars=500) or [text]
    passages = vectors.cache["passages"]
    for i, lab in enumerate(labels):
        terms = (*lab.keywords, *lab.names)
        naming = sum(1 for p in passages if keyword_hits(p, terms))
        X[i, _COL["kw_share"]] = naming / len(passages)


def context_facts(text: str, vectors: TextVectors) -> dict[str, float]:
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


def _zscore(v: np.ndarray) -> np.ndarray:
    return (v - v.mean()) / (v.std() + 1e-6)
