"""Time to build and draw all six editions of each kind of COP document, as PDF and DOCX.

    .venv/bin/minamata-kb demo        # once: the demo data (or any database with a call)
    .venv/bin/python benchmarks/documents_render.py [--formats pdf,docx] [--kinds ...]

Runs on the configured database (DATABASE_URL or var/, MINAMATA_KB_VAR_DIR to point at
another). Each document's input is frozen once (the snapshot every edition is built from; its
time is printed apart), then each edition is built from it and drawn by publishing.render:
the note on submissions and its annex (latest call), the analysis of national reports (latest
cycle), the Article 14(4) technology review and, when the meeting records exist, the programme
note. Note, annex and programme note are built as drafts (record text not yet translated is
marked instead of refused), so the timing does not depend on the demo's translations. Prints
seconds per edition and, per kind and format, the total wall time and this process's CPU time
(wall time depends on what else runs on the machine); nothing is stored.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from minamata_kb.core.languages import CONTENT_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _kinds() -> dict[str, tuple[Callable[[], Any], Callable[[Any, str], Any]]]:
    """kind -> (freeze the input once, build one edition from it)."""
    from minamata_kb.documents import builders, editions
    from minamata_kb.documents.snapshot import take_snapshot
    from minamata_kb.matching import technology
    from minamata_kb.national_reports import documents as nr
    from minamata_kb.submissions.models import Call

    def call_snapshot() -> Any:
        call = Call.objects.order_by("-deadline", "-id").first()
        if call is None:
            raise LookupError("no call: run `minamata-kb demo` first")
        return take_snapshot(None, call)

    def frozen(kind: str, collect: Callable[[], dict[str, Any]]) -> Callable[[], Any]:
        def freeze() -> Any:
            snap = editions.freeze(None, kind, collect())
            return snap.data | {"snapshot": snap.pk}

        return freeze

    kinds: dict[str, tuple[Callable[[], Any], Callable[[Any, str], Any]]] = {
        "note": (
            call_snapshot,
            lambda s, lang: builders.build("note", s.data, lang, s.pk, draft=True),
        ),
        "annex": (
            call_snapshot,
            lambda s, lang: builders.build("annex", s.data, lang, s.pk, draft=True),
        ),
        "national_reports": (frozen("national_reports", nr.collect), nr.build),
        "technology": (frozen("technology", technology.collect), technology.build),
    }
    from minamata_kb.documents import programme_note
    from minamata_kb.documents.meetings import MeetingDocument
    from minamata_kb.documents.snapshot import take_meeting_snapshot

    record = MeetingDocument.objects.filter(kind="programme_note").order_by("-meeting__number")
    note = record.first()
    if note is not None:
        kinds["programme_note"] = (
            lambda: take_meeting_snapshot(None, note),
            lambda s, lang: programme_note.build(s.data, lang, snapshot_id=s.pk, draft=True),
        )
    return kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="pdf,docx")
    parser.add_argument("--kinds", default="", help="comma-separated; default: all available")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    import django

    django.setup()
    from django.db import transaction

    from minamata_kb.publishing import render

    formats = [f for f in args.formats.split(",") if f]
    kinds = _kinds()
    wanted = [k for k in args.kinds.split(",") if k] or list(kinds)
    grand = 0.0
    with transaction.atomic():  # snapshots taken here are rolled back: nothing is stored
        for kind in wanted:
            freeze, build = kinds[kind]
            t0 = time.perf_counter()
            frozen = freeze()
            print(f"{kind}: input frozen in {time.perf_counter() - t0:.2f} s")
            for fmt in formats:
                total = 0.0
                cpu = time.process_time()
                cells = []
                for lang in CONTENT_LANGUAGES:
                    t1 = time.perf_counter()
                    data, _images = render.render(build(frozen, lang), fmt)
                    spent = time.perf_counter() - t1
                    total += spent
                    cells.append(f"{lang} {spent:.2f}")
                grand += total
                cpu = time.process_time() - cpu
                print(
                    f"  {fmt:4} six editions {total:6.2f} s wall, {cpu:6.2f} s CPU"
                    f"   ({', '.join(cells)})"
                )
        transaction.set_rollback(True)
    print(f"all kinds and formats: {grand:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
