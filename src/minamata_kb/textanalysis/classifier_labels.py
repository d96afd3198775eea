"""The label side of the classifier: each label's prototype embeddings (what its names,
description and keywords mean), cached on disk, and the topics the profile links to each
article. Framework-free, like the rest of the classifier (classifier_text.py).
"""

from __future__ import annotations

import hashlib

import numpy as np

from minamata_kb.textanalysis.classifier_text import Profile, _Embeddings, unit_norm, var_dir


def label_texts(profile: Profile, kind: str) -> tuple[list[list[str]], list[str]]:
    """Per label, the texts its USE prototype averages, and the one text e5 embeds."""
    labels = profile.labels[kind]
    use = [
        [f"{lab.names[0]}: {lab.description}", *lab.names, ", ".join(lab.keywords[:25])]
        for lab in labels
    ]
    return use, [f"{lab.names[0]}: {lab.description}" for lab in labels]


def prototypes(
    profile: Profile, embeddings: _Embeddings, kind: str
) -> tuple[np.ndarray, np.ndarray]:
    """Label prototypes: USE centroid of names/description/keywords, e5 of the description."""
    use_texts, e5_texts = label_texts(profile, kind)
    tag = f"{embeddings.use_name}/{embeddings.e5_name}"
    digest = hashlib.sha256(repr((tag, use_texts, e5_texts)).encode()).hexdigest()[:20]
    path = var_dir() / "cache" / "classifier" / f"labels-{kind}-{digest}.npz"
    try:
        with np.load(path) as data:
            return (data["use"], data["e5"])
    except (OSError, KeyError, ValueError):
        pass
    flat = [t for texts in use_texts for t in texts]
    vecs = embeddings.use(flat)
    rows, at = [], 0
    for texts in use_texts:
        rows.append(unit_norm(vecs[at : at + len(texts)].mean(axis=0))[0])
        at += len(texts)
    pair = (np.stack(rows).astype(np.float32), embeddings.e5(e5_texts, query=True))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, use=pair[0], e5=pair[1])
        tmp.replace(path)
    except OSError:  # read-only install: recompute next time
        pass
    return pair


def linked_topics(profile: Profile) -> list[list[int]]:
    """For each article (profile order), the positions of the topics the profile links to it."""
    topics = profile.labels["topics"]
    return [
        [j for j, t in enumerate(topics) if lab.key in t.articles]
        for lab in profile.labels["articles"]
    ]
