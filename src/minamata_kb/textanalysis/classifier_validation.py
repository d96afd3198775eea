"""Whether what the classifier learned from a few examples beats reading zero-shot.

With enough confirmed statements and labelled resources the classifier fits its weights on them
(``Classifier.fit``); with few, a fitted kind can do worse than the zero-shot reading it
replaces. On the demo install roles are taught by 31 confirmed statements, none of them an
Arabic or Spanish "support received": fitted on them, the classifier called such statements a
need, and on the 78 team-written statements its roles scored 0.844 against 0.905 zero-shot.

So below ``VALIDATE_BELOW`` examples the classifier checks itself the way the benchmarks check
it: a k-fold cross-validation over its own examples, each held-out example classified by a
classifier fitted on the other folds and by the zero-shot one; a kind it learned is kept only if
its held-out micro-F1 is higher, else that kind is read zero-shot. Topics and roles are checked
first; articles, which read the topics' probabilities, are refitted when topics went back to
zero-shot and checked on their own. ``Classifier.validation`` keeps the figures (learned,
zero-shot) of each kind checked. Above ``VALIDATE_BELOW`` examples the fit stands.

Measured (benchmarks/classify_quality.py, which now runs the check inside every training
fold): on the demo install roles learned 0.820 against 0.885 zero-shot held out, so roles are
read zero-shot there and the 78 team statements score 0.898 (0.844 with the learned roles);
topics (0.782 / 0.631) and articles (0.767 / 0.684) stay learned. The same from the demo's data
files, with no database (``classify_quality.py --eval ../shared/eval --own-only``, "a classifier
learning from the demo's 69 examples"): roles 0.800 / 0.863 held out, the team statements 0.827
as learned, 0.905 checked (0.816 and 0.867 before a statement kept its best role when the learned
topics and articles asserted none). Dropping a learned kind on
any lead of zero-shot, the first rule tried, lost where learning usually wins: the dev
documents' cross-validated roles 0.695 -> 0.678, the team statements' 5-fold 0.908 -> 0.893
(the inner folds' estimate of 60-70 examples is noisy); with ``MARGIN`` (0.05, the second and
last value tried) both are unchanged, 0.651 / 0.682 / 0.695 and 0.908.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from minamata_kb.textanalysis.classifier import Classifier

VALIDATE_BELOW = 400  # examples; above, the fit is trusted (and the check would cost minutes)
FOLDS = 5
# How far zero-shot must lead, held out, for a learned kind to be dropped: the folds' estimate
# of a few dozen examples is noisy, and where the learned reading usually wins (the dev
# documents), dropping it on a near-tie cost more than it saved.
MARGIN = 0.05


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def held_out(
    clf: Classifier, kinds: list[str], fit_kinds: set[str], zero_said: dict[int, Any]
) -> dict[str, tuple[float, float]]:
    """(learned, zero-shot) held-out micro-F1 of each of ``kinds`` over ``clf``'s examples:
    each fold's examples classified by a classifier fitted on the other folds (learning only
    ``fit_kinds``) and by the zero-shot one, whose readings learn nothing and so are kept in
    ``zero_said`` (by example) for the next call."""
    cls = type(clf)
    zero = cls(profile=clf.profile, examples=[], embeddings=clf.embeddings, validate=False)
    zero._label_vectors = clf._label_vectors
    counts = {kind: [0] * 6 for kind in kinds}  # learned tp fp fn, zero-shot tp fp fn
    n = len(clf.examples)
    for f in range(FOLDS):
        test = range(f, n, FOLDS)
        skip = set(test)
        train = [ex for i, ex in enumerate(clf.examples) if i not in skip]
        inner = cls(
            profile=clf.profile,
            examples=train,
            embeddings=clf.embeddings,
            fit_kinds=fit_kinds,
            validate=False,
        )
        inner._label_vectors = clf._label_vectors
        for i in test:
            ex, vectors = clf.examples[i], clf._example_vectors[i]
            golds = {kind: set(ex.labels(kind)) for kind in kinds}
            if not any(golds.values()):
                continue
            if i not in zero_said:
                zero_said[i] = zero.classify(ex.text, vectors)
            outs = (inner.classify(ex.text, vectors), zero_said[i])
            for kind, gold in golds.items():
                if not gold:
                    continue
                c = counts[kind]
                for side, out in enumerate(outs):
                    said = {key for key, _ in getattr(out, kind)}
                    c[3 * side] += len(said & gold)
                    c[3 * side + 1] += len(said - gold)
                    c[3 * side + 2] += len(gold - said)
    return {kind: (_f1(*c[:3]), _f1(*c[3:])) for kind, c in counts.items()}


def keep_what_beats_zero_shot(clf: Classifier) -> None:
    """Read zero-shot each kind whose learned reading trails it held out by more than
    ``MARGIN``."""
    zero_said: dict[int, Any] = {}
    first = [kind for kind in ("topics", "roles") if clf.fitted[kind]]
    if first:
        clf.validation.update(held_out(clf, first, set(clf.fit_kinds), zero_said))
        for kind in first:
            learned, zero = clf.validation[kind]
            if zero - learned > MARGIN:
                clf.unfit(kind)
    if not clf.fitted["articles"]:
        return
    if "topics" in first and not clf.fitted["topics"]:
        clf.fit_kind("articles")  # its topic inputs are now the zero-shot topics'
    clf.validation.update(held_out(clf, ["articles"], set(clf.fit_kinds), zero_said))
    learned, zero = clf.validation["articles"]
    if zero - learned > MARGIN:
        clf.unfit("articles")
