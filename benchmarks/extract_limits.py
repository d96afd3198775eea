"""Time and peak memory of reading hostile uploads, and of indexing 59 KB of text.

    .venv/bin/python benchmarks/extract_limits.py [--budget 60] [--skip-index] [--embedders use,e5]

Each case runs in a fresh process (so its peak RSS is its own) and prints wall time and peak
RSS (MB) of that process and its children:

- ``before``: the way uploads were read until issue 15 (pypdf over every page, python-docx over
  the whole document, in the server process, no limits), stopped at --budget seconds;
- ``after``: ``core.sandbox.extract`` (a child process limited in memory and time, text capped at
  MAX_EXTRACTED_CHARS; the PDF's shared content stream is read once).

The files are built by ``core/tests/hostile_files.py``: a PDF of 400 pages sharing one 2 MB
content stream of empty text operators; the same with a copy per page; a DOCX whose 20 MB
document.xml of varied words packs ~10:1 (under the zip-ratio check). Then the indexing of a
59 KB English and a 59 KB Chinese text on one resource with the real embedders, before (every
passage) and after (MAX_INDEXED_PASSAGES), and what one passage costs by its length in tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CASES = {
    "shared-stream.pdf": ("pdf", "shared_stream_pdf", {"pages": 400}),
    "distinct-streams.pdf": ("pdf", "distinct_streams_pdf", {"pages": 400}),
    "padded.docx": ("docx", "padded_docx", {"text_mb": 20}),
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    os.environ.setdefault(
        "MINAMATA_KB_VAR_DIR", str(Path(os.environ.get("TMPDIR", "/tmp")) / "mkb-bench")
    )
    import django

    django.setup()


def _build(case: str) -> tuple[str, bytes]:
    from minamata_kb.core.tests import hostile_files as H

    kind, maker, kwargs = CASES[case]
    return kind, getattr(H, maker)(**kwargs)


def _old_read(kind: str, data: bytes) -> int:
    """Characters the pre-issue-15 readers produced (in this process, without limits)."""
    import io

    if kind == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        return sum(len(p.extract_text() or "") for p in reader.pages)
    import docx

    document = docx.Document(io.BytesIO(data))
    return sum(len(p.text) for p in document.paragraphs)


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def run_case(case: str, mode: str) -> dict[str, object]:
    _setup()
    kind, data = _build(case)
    started = time.monotonic()
    if mode == "before":
        chars, error, truncated = _old_read(kind, data), "", False
    else:
        from minamata_kb.core import files, sandbox

        files.inspect(case, data, kinds=files.LIBRARY_KINDS)
        result = sandbox.extract(kind, data)
        chars, error, truncated = len(result.text), result.error, result.truncated
    return {
        "case": case,
        "mode": mode,
        "bytes": len(data),
        "seconds": round(time.monotonic() - started, 2),
        "peak_rss_mb": round(_peak_mb(), 1),
        "chars": chars,
        "error": error,
        "truncated": truncated,
    }


def run_index(lang: str, cap: int | None, embedders: str) -> dict[str, object]:
    """Index 59 KB of text on one resource in a scratch SQLite database."""
    import tempfile

    var = tempfile.mkdtemp(prefix="mkb-extract-bench-")
    os.environ["MINAMATA_KB_VAR_DIR"] = var
    os.environ["DATABASE_URL"] = f"sqlite:///{var}/db.sqlite3"
    os.environ["SEARCH_EMBEDDERS"] = embedders
    if cap is not None:
        os.environ["MAX_INDEXED_PASSAGES"] = str(cap)
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    if cap is None:
        settings.MAX_INDEXED_PASSAGES = 10**9
    call_command("migrate", verbosity=0)
    from minamata_kb.library.models import Resource
    from minamata_kb.search.embedders import embedder_names, get_embedder
    from minamata_kb.search.indexing import index_resource, passages_for
    from minamata_kb.search.text import chunk_text

    text = _text(lang)
    r = Resource.objects.create(
        external_id=f"bench-{lang}", title="Benchmark", language=lang, text=text
    )
    for name in embedder_names():
        get_embedder(name).embed_passages(["warm up"])  # model load is not indexing
    started = time.monotonic()
    passages = index_resource(r.pk)
    return {
        "case": f"index 59 KB {lang}",
        "mode": "before" if cap is None else f"after (cap {cap})",
        "chars": len(text),
        "passages": passages,
        "of": len(chunk_text(text)),
        "kept": len(passages_for(r)),
        "seconds": round(time.monotonic() - started, 1),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def _text(lang: str) -> str:
    import random

    rng = random.Random(59)
    if lang == "zh":
        words = ["汞", "排放", "控制", "技术", "燃煤", "电厂", "废物", "储存", "手工", "金矿"]
        sentences = ("".join(rng.choices(words, k=14)) + "。" for _ in range(100_000))
    else:
        words = "mercury emission artisanal gold mining control technology coal plant".split()
        sentences = (" ".join(rng.choices(words, k=12)).capitalize() + "." for _ in range(100_000))
    out, size = [], 0
    for s in sentences:
        out.append(s)
        size += len(s.encode()) + 1
        if size >= 59 * 1024:
            break
    return " ".join(out)


def token_cost() -> list[dict[str, object]]:
    """Seconds per passage of e5 by length in tokens (8 passages each)."""
    _setup()
    from minamata_kb.search.embedders import get_embedder

    e5 = get_embedder("e5")
    rows = []
    for lang, text in (("en", _text("en")), ("zh", _text("zh"))):
        for n in (250, 500, 800):
            sample = text[:n]
            e5.embed_passages([sample])
            started = time.monotonic()
            e5.embed_passages([sample] * 8)
            rows.append(
                {
                    "case": f"e5 passage {lang} {n} chars",
                    "tokens": e5._model.token_count(sample),  # noqa: SLF001
                    "seconds": round((time.monotonic() - started) / 8, 3),
                }
            )
    return rows


def _hwm_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process and its children, in MB."""
    total = 0.0
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total = max(total, int(line.split()[1]) / 1024)
        except OSError:
            pass
    return total


def _spawn(args: list[str], budget: float) -> dict[str, object] | list[dict[str, object]]:
    """Run one case in a fresh process; stop it after ``budget`` seconds (peak RSS sampled)."""
    started = time.monotonic()
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, __file__, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0.0
    while proc.poll() is None and time.monotonic() - started < budget:
        peak = max(peak, _hwm_mb(proc.pid))
        time.sleep(0.2)
    if proc.poll() is None:
        proc.kill()
        proc.communicate()
        return {
            "case": " ".join(args[1:-1] if args[1] == "case" else args[1:]),
            "mode": args[-1],
            "seconds": f">{budget:.0f} (stopped)",
            "peak_rss_mb": round(peak, 1),
        }
    out, err = proc.communicate()
    if proc.returncode != 0:
        return {
            "case": " ".join(args[1:]),
            "error": (err.strip().splitlines() or ["?"])[-1],
            "seconds": round(time.monotonic() - started, 1),
            "returncode": proc.returncode,
            "peak_rss_mb": round(peak, 1),
        }
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60, help="seconds per case at most")
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--embedders", default="use,e5")
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)  # internal: one case
    args = parser.parse_args()
    if args.one:
        what = args.one[0]
        if what == "case":
            print(json.dumps(run_case(args.one[1], args.one[2])))
        elif what == "index":
            cap = None if args.one[2] == "none" else int(args.one[2])
            print(json.dumps(run_index(args.one[1], cap, args.one[3])))
        else:
            print(json.dumps(token_cost()))
        return 0
    rows: list[object] = []
    for case in CASES:
        for mode in ("before", "after"):
            rows.append(_spawn(["--one", "case", case, mode], args.budget))
            print(json.dumps(rows[-1]), flush=True)
    if not args.skip_index:
        for lang in ("en", "zh"):
            for cap in ("none", "300", "100"):
                rows.append(_spawn(["--one", "index", lang, cap, args.embedders], args.budget * 10))
                print(json.dumps(rows[-1]), flush=True)
        if "e5" in args.embedders:
            for row in _spawn(["--one", "tokens"], args.budget * 5):  # type: ignore[union-attr]
                print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
