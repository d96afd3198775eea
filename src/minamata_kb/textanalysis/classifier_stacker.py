"""The classifier's stacker: an L2-regularised logistic regression over the features of each
(text, label) pair, and the decision threshold that maximises micro-F1. Framework-free, like
the rest of the classifier (classifier_text.py).
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def fit_logistic(X: np.ndarray, y: np.ndarray, reg: np.ndarray, iters: int = 30) -> np.ndarray:
    """L2-regularised logistic regression by Newton steps (``reg``: penalty per column)."""
    w = np.zeros(X.shape[1])
    for _ in range(iters):
        p = sigmoid(X @ w)
        grad = X.T @ (p - y) + reg * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def best_threshold(probs: list[np.ndarray], gold: list[np.ndarray]) -> tuple[float, bool]:
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
