"""Precision and recall of duplicate-activity detection on a labelled set of activity pairs.

    python benchmarks/duplicates_quality.py [--pairs data/matching/duplicates_dev.jsonl]

The pairs were written for this project (no third-party text): duplicates are the same effort
recorded by two providers, several in different languages; negatives share the country and the
period but are different efforts, or fail a rule (other country, other period, same provider).
The rule is ``minamata_kb.matching.duplication.compare`` with the cross-lingual text similarity
the application uses; a threshold sweep is printed beside the shipped threshold. Vectors are
cached under ``$MINAMATA_KB_VAR_DIR/cache/`` (default /tmp/matchvar).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def facts(d: dict, key: str):  # type: ignore[no-untyped-def]
    from minamata_kb.matching.duplication import Facts

    def day(v: str | None) -> dt.date | None:
        return dt.date.fromisoformat(v) if v else None

    return Facts(
        key=key,
        provider=d["provider"],
        countries=set(d["countries"]),
        topics=set(d.get("topics", [])),
        start=day(d.get("start")),
        end=day(d.get("end")),
        text=f"{d['title']}\n{d.get('description', '')}".strip(),
        language=d.get("language", "en"),
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--pairs", default=str(ROOT / "data" / "matching" / "duplicates_dev.jsonl"))
    ap.add_argument("--var", default=os.environ.get("MINAMATA_KB_VAR_DIR", "/tmp/matchvar"))
    ap.add_argument("--embedder", default="use", help="use (default), e5 or hash")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    from minamata_kb.matching import duplication as D
    from minamata_kb.search.embedders import CachedEmbedder, get_embedder

    emb = CachedEmbedder(
        get_embedder(args.embedder), Path(args.var) / "cache" / f"dup-{args.embedder}.npz"
    )
    rows = [json.loads(line) for line in open(args.pairs, encoding="utf-8") if line.strip()]
    texts = []
    for r in rows:
        texts += [facts(r["a"], "a").text, facts(r["b"], "b").text]
    vecs = emb.embed_passages(texts)
    scored = []
    for i, r in enumerate(rows):
        a, b = facts(r["a"], r["id"] + "a"), facts(r["b"], r["id"] + "b")
        ts = float(np.dot(vecs[2 * i], vecs[2 * i + 1]))
        sim, reasons, flagged = D.compare(a, b, ts)
        cross = a.language != b.language
        shared = any(x["code"] == "shared_topic" for x in reasons)
        scored.append((r, sim, ts, flagged, cross, shared))
        if args.verbose:
            mark = "✓" if flagged == r["duplicate"] else "✗"
            print(
                f"{mark} {r['id']} dup={r['duplicate']!s:5} flagged={flagged!s:5} sim={sim:.3f} "
                f"text={ts:.3f} {'cross-lingual' if cross else ''}"
            )

    def pr(pred: list[bool]) -> tuple[float, float, float]:
        gold = [s[0]["duplicate"] for s in scored]
        tp = sum(p and g for p, g in zip(pred, gold, strict=True))
        fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
        fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
        p = tp / (tp + fp) if tp + fp else 1.0
        rc = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        return p, rc, f1

    n_dup = sum(s[0]["duplicate"] for s in scored)
    n_cross = sum(1 for s in scored if s[0]["duplicate"] and s[4])
    print(
        f"pairs: {len(rows)} ({n_dup} duplicates, {n_cross} of them across languages); "
        f"embedder: {args.embedder}"
    )
    p, rc, f1 = pr([s[3] for s in scored])
    print(
        f"shipped rule (threshold {D.THRESHOLD}): precision {p:.3f}  recall {rc:.3f}  F1 {f1:.3f}"
    )
    cross_hits = sum(1 for s in scored if s[0]["duplicate"] and s[4] and s[3])
    print(f"cross-lingual duplicates found: {cross_hits}/{n_cross}")
    print("threshold sweep (same rule, other thresholds):")
    for t in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
        pred = [s[1] > 0 and s[1] >= t and (s[2] >= 0.4 or s[5]) for s in scored]
        p, rc, f1 = pr(pred)
        print(f"  {t:.2f}: precision {p:.3f}  recall {rc:.3f}  F1 {f1:.3f}")
    emb.save()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    import django

    django.setup()
    sys.exit(main())
