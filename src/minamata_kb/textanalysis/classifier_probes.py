"""What the labelled examples say about a text's labels, as features for the classifier's
stacker: a similarity-weighted vote of the nearest examples, each label's prior and the
similarity to its best examples (``vote``); a kernel-ridge probe over the examples' embeddings
(``fit_ridge``, ``ridge_scores``); and for articles how often each goes with each topic
(``Cooccurrence``). Each can leave one example out (``exclude``), so the stacker is fitted on
honest values. Framework-free, like the rest of the classifier (classifier_text.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from minamata_kb.textanalysis.classifier_text import KINDS, Profile, TextVectors

LabelSets = Sequence[set[Any]]  # per example, the label keys it carries (of one kind)


def vote(
    keys: list[Any],
    example_matrix: np.ndarray,
    label_sets: LabelSets,
    vectors: TextVectors,
    exclude: int | None,
    k: int,
    temperature: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per label (``keys``): the nearest examples' vote, the log prior and the similarity to
    its best examples (centred on the labels' mean)."""
    sims = example_matrix @ vectors.doc()
    labelled = np.array([bool(labs) for labs in label_sets])
    sims[~labelled] = -np.inf  # examples without labels of this kind say nothing about it
    if exclude is not None:
        sims[exclude] = -np.inf
    index = {key: i for i, key in enumerate(keys)}
    knn = _nearest_vote(index, sims, label_sets, k, temperature)
    counts = np.zeros(len(keys))
    for j, labs in enumerate(label_sets):
        if j == exclude:
            continue
        for key in labs:
            if key in index:
                counts[index[key]] += 1
    prior = np.log((counts + 0.5) / (int(labelled.sum()) + 1))
    return knn, prior, _best_examples(keys, sims, label_sets)


def _nearest_vote(
    index: dict[Any, int], sims: np.ndarray, label_sets: LabelSets, k: int, temperature: float
) -> np.ndarray:
    """Each label's share of the ``k`` nearest examples' vote, weighted by exp(t · cosine)."""
    order = np.argsort(-sims)[:k]
    vote = np.zeros(len(index))
    total = 0.0
    for j in order:
        if not np.isfinite(sims[j]):
            continue
        w = math.exp(temperature * float(sims[j]))
        total += w
        for key in label_sets[j]:
            if key in index:
                vote[index[key]] += w
    return vote / total if total else vote


def _best_examples(keys: list[Any], sims: np.ndarray, label_sets: LabelSets) -> np.ndarray:
    """Mean similarity to each label's three most similar examples, against the labels' mean."""
    best = np.full(len(keys), np.nan)
    centroid = np.zeros(len(keys))
    for i, key in enumerate(keys):
        members = [
            sims[j] for j, labs in enumerate(label_sets) if key in labs and np.isfinite(sims[j])
        ]
        if members:
            best[i] = float(np.mean(sorted(members, reverse=True)[:3]))
    finite = np.isfinite(best)
    if finite.any():
        ref = best[finite].mean()
        centroid[finite] = (best[finite] - ref) * 10
    return centroid


def fit_ridge(
    E: np.ndarray, label_sets: Mapping[str, LabelSets], profile: Profile, ridge_lambda: float
) -> dict[str, tuple[Any, ...]]:
    """Kernel ridge regression of label indicators on the examples' embeddings ``E``.

    Gives every label a linear-probe score; leave-one-out scores of the examples come in
    closed form from the hat matrix, so the stacker can be fitted on honest values. Per
    kind, only the examples labelled for that kind take part.
    """
    ridge: dict[str, tuple[Any, ...]] = {}
    for kind in KINDS:
        members = [j for j, labs in enumerate(label_sets[kind]) if labs]
        if not members:
            continue
        Ek = E[members]
        K = Ek @ Ek.T
        inv = np.linalg.inv(K + ridge_lambda * np.eye(len(members)))
        H = K @ inv
        keys = [lab.key for lab in profile.labels[kind]]
        Y = np.array([[key in label_sets[kind][j] for key in keys] for j in members], float)
        mean = Y.mean(axis=0)
        Yc = Y - mean
        h = np.diag(H)[:, None]
        loo = (H @ Yc - h * Yc) / (1 - h) + mean
        position = {j: i for i, j in enumerate(members)}
        ridge[kind] = (Ek, inv @ Yc, mean, loo, position)
    return ridge


def ridge_scores(
    ridge: dict[str, tuple[Any, ...]],
    kind: str,
    n_labels: int,
    vectors: TextVectors,
    exclude: int | None,
) -> np.ndarray:
    """The ridge probe's score of each label for a text (leave-one-out for an example)."""
    if kind not in ridge:
        return np.zeros(n_labels)
    Ek, alpha, mean, loo, position = ridge[kind]
    if exclude is not None and exclude in position:
        return loo[position[exclude]]
    return (Ek @ vectors.doc()) @ alpha + mean


class Cooccurrence:
    """How often each article goes with each topic in the examples labelled with both."""

    def __init__(
        self, profile: Profile, label_sets: Mapping[str, LabelSets], linked: list[list[int]]
    ) -> None:
        arts = [lab.key for lab in profile.labels["articles"]]
        tops = [lab.key for lab in profile.labels["topics"]]
        self.a = np.array([[a in s for a in arts] for s in label_sets["articles"]], float)
        self.t = np.array([[t in s for t in tops] for s in label_sets["topics"]], float)
        both = (self.a.sum(axis=1) > 0) & (self.t.sum(axis=1) > 0)
        self.a[~both] = 0
        self.t[~both] = 0
        self.joint = self.a.T @ self.t  # articles × topics
        self.per_topic = self.t.sum(axis=0)
        # the profile's own links count as one example each
        self.links = np.zeros_like(self.joint)
        for i, topics in enumerate(linked):
            self.links[i, topics] = 1.0

    def article_given_topic(self, exclude: int | None) -> np.ndarray:
        """P(article | topic), smoothed by the profile links; leaves one example out."""
        joint, per_topic = self.joint, self.per_topic
        if exclude is not None:
            joint = joint - np.outer(self.a[exclude], self.t[exclude])
            per_topic = per_topic - self.t[exclude]
        return (joint + self.links) / (per_topic + 1.0)[None, :]
