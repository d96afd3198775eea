"""nDCG@10 of the resources `minamata-kb match` returns, beside a BM25 baseline on the need text.

    MINAMATA_KB_VAR_DIR=/tmp/matchvar python benchmarks/match_quality.py --eval ../shared/eval

Imports the evaluation documents as resources (through the library's import service,
``org_or_party`` mapped to ``org``) into the database of ``MINAMATA_KB_VAR_DIR`` (use a scratch
folder: it is created and migrated when needed; vectors stay there, so reruns do not re-embed),
then runs every need of ``needs_dev.jsonl`` through the `match` command (with the need's party
when it names one) and prints nDCG@10, recall@10 and MRR per need and on average:

* ``bm25``: Okapi BM25 (k1=1.2, b=0.75) over title + text, on the need text alone;
* ``text``: the matcher with the taxonomy, party and delivery signals switched off;
* ``match``: the full matcher, as the CLI runs it.

Nothing from the evaluation folder is written into the repository.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

from evalkit import ndcg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django(var_dir: str) -> None:
    os.environ["MINAMATA_KB_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    import django

    django.setup()


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def ensure_corpus(docs_path: Path) -> None:
    """Migrate the scratch database and import the documents once (idempotent upsert)."""
    from django.core.management import call_command

    from minamata_kb.library.models import Resource

    call_command("init", stdout=io.StringIO())
    ids = set(Resource.objects.values_list("external_id", flat=True))
    docs = load_jsonl(docs_path)
    if all(d["id"] in ids for d in docs):
        return
    from minamata_kb.library.transfer import import_lines

    t0 = time.time()
    lines = []
    for d in docs:
        d = dict(d)
        d.setdefault("published", True)
        lines.append(json.dumps(d, ensure_ascii=False).encode())
    out = import_lines(lines, rename={"org_or_party": "org"})
    print(f"imported: {out.summary()} in {time.time() - t0:.0f}s", file=sys.stderr)
    for e in out.errors[:10]:
        print(f"  line {e.line}: {e.message}", file=sys.stderr)


# ----------------------------------------------------------------------------- BM25 baseline

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    out = []
    for tok in _TOKEN.findall(text):
        if any("\u4e00" <= ch <= "\u9fff" for ch in tok):
            out.extend(tok[i : i + 2] for i in range(max(1, len(tok) - 1)))
        else:
            out.append(tok)
    return out


class BM25:
    def __init__(self, docs: list[dict], k1: float = 1.2, b: float = 0.75) -> None:
        self.ids = [d["id"] for d in docs]
        self.tfs = [Counter(_tokens(f"{d.get('title', '')} {d.get('text', '')}")) for d in docs]
        self.lens = [sum(tf.values()) for tf in self.tfs]
        self.avg = sum(self.lens) / max(len(self.lens), 1)
        df: Counter[str] = Counter()
        for tf in self.tfs:
            df.update(tf.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.k1, self.b = k1, b

    def rank(self, query: str, limit: int = 10) -> list[str]:
        terms = set(_tokens(query))
        scores = []
        for i, tf in enumerate(self.tfs):
            s = 0.0
            for t in terms:
                f = tf.get(t, 0)
                if f:
                    norm = self.k1 * (1 - self.b + self.b * self.lens[i] / self.avg)
                    s += self.idf[t] * f * (self.k1 + 1) / (f + norm)
            if s > 0:
                scores.append((s, self.ids[i]))
        scores.sort(key=lambda x: (-x[0], x[1]))
        return [i for _, i in scores[:limit]]


# ----------------------------------------------------------------------------- metrics
# nDCG is evalkit's; recall and MRR here count as relevant only the items graded above 0.


def recall(ranked: list[str], rel: dict[str, int], k: int = 10) -> float:
    good = {d for d, g in rel.items() if g > 0}
    return len(good & set(ranked[:k])) / len(good) if good else 0.0


def mrr(ranked: list[str], rel: dict[str, int]) -> float:
    for i, d in enumerate(ranked):
        if rel.get(d, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def run_match_cli(text: str, party: str | None, limit: int, extra: dict | None = None) -> list:
    """The `match` command exactly as a script calls it (stdin text, --json on stdout)."""
    from django.core.management import call_command

    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        args = ["match", "--limit", str(limit), "--json"]
        if party:
            args += ["--party", party]
        call_command(*args, stdout=out, stderr=io.StringIO(), **(extra or {}))
    finally:
        sys.stdin = old_stdin
    data = json.loads(out.getvalue())
    return [r["id"] for r in data["resources"]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--eval", required=True, help="the evaluation folder (docs.jsonl, needs)")
    ap.add_argument("--var", default=os.environ.get("MINAMATA_KB_VAR_DIR", "/tmp/matchvar"))
    ap.add_argument("--needs", default="needs_dev.jsonl")
    ap.add_argument("--verbose", action="store_true", help="per-need figures")
    args = ap.parse_args()
    ev = Path(args.eval)
    Path(args.var).mkdir(parents=True, exist_ok=True)
    setup_django(args.var)
    ensure_corpus(ev / "docs.jsonl")
    docs = load_jsonl(ev / "docs.jsonl")
    needs = load_jsonl(ev / args.needs)
    bm25 = BM25(docs)

    from minamata_kb.matching import engine

    systems = {
        "bm25": lambda n: bm25.rank(n["need"], 10),
        "text": lambda n: [
            h.ref
            for h in engine.rank_resources(
                engine.NeedQuery.build(n["need"], party=n.get("party")),
                limit=10,
                config=engine.Config.text_only(),
            )
        ],
        "match": lambda n: run_match_cli(n["need"], n.get("party"), 10),
    }
    totals: dict[str, list[tuple[float, float, float]]] = {k: [] for k in systems}
    t0 = time.time()
    for n in needs:
        rel = n["helpful"]
        row = []
        for name, fn in systems.items():
            ranked = fn(n)
            figs = (ndcg(ranked, rel), recall(ranked, rel), mrr(ranked, rel))
            totals[name].append(figs)
            row.append(f"{name} {figs[0]:.2f}")
        if args.verbose:
            print(f"{n['id']:>5} ({n.get('language', '?')}): " + "  ".join(row))
    took = time.time() - t0
    print(f"\nneeds: {len(needs)}   documents: {len(docs)}   ({took:.1f}s)")
    print(f"{'system':<8} {'nDCG@10':>8} {'recall@10':>10} {'MRR':>6}")
    for name, figs in totals.items():
        k = len(figs)
        print(
            f"{name:<8} {sum(f[0] for f in figs) / k:>8.3f} {sum(f[1] for f in figs) / k:>10.3f} "
            f"{sum(f[2] for f in figs) / k:>6.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
