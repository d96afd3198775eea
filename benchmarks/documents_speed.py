"""Time to build all six editions of the programme note and of its annex, end to end.

    .venv/bin/minamata-kb demo        # once: the demo data with COP-4 and its programme note
    .venv/bin/python benchmarks/documents_speed.py [--formats docx,pdf] [--meeting latest|ID]

What an officer waits for: freeze the meeting (the snapshot: every app's records for the
period), then build every edition from it through documents.services (the same path as
`minamata-kb report programme-note` and the COP meetings page), PDF and DOCX, public editions
(not drafts: an untranslated record text would refuse the edition here, as it does for users).
Nothing is kept: the run is inside a transaction rolled back at the end. Prints the snapshot
time, seconds per edition and the total, wall and CPU (the CPU figure is what the work costs
when other processes share the two cores; issue 12 aims under 30 s on this machine).
(`benchmarks/documents_render.py` times the drawing of every kind of COP document apart.)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from minamata_kb.core.languages import CONTENT_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


class Rollback(Exception):
    """Raised to undo the snapshot taken for the run."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="docx,pdf")
    parser.add_argument("--meeting", default="latest")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    import django

    django.setup()
    from django.db import transaction

    from minamata_kb.documents import services
    from minamata_kb.documents.management.commands.report_programme_note import find_note
    from minamata_kb.documents.snapshot import take_meeting_snapshot

    note = find_note(args.meeting)
    formats = [f for f in args.formats.split(",") if f]
    total = 0.0
    cpu = time.process_time()
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            snap = take_meeting_snapshot(None, note)
            frozen = time.perf_counter() - t0
            print(f"snapshot of COP-{note.meeting.number}: {frozen:.2f} s")
            total += frozen
            for kind in ("note", "annex"):
                for fmt in formats:
                    row = []
                    for lang in CONTENT_LANGUAGES:
                        t = time.perf_counter()
                        services.programme_note_bytes(snap, kind, lang, fmt)
                        row.append(time.perf_counter() - t)
                    total += sum(row)
                    each = " ".join(
                        f"{lang} {s:.2f}" for lang, s in zip(CONTENT_LANGUAGES, row, strict=True)
                    )
                    print(f"{kind:5} {fmt:4}: {sum(row):6.2f} s  ({each})")
            raise Rollback
    except Rollback:
        pass
    cpu = time.process_time() - cpu
    editions = 2 * len(formats) * len(CONTENT_LANGUAGES)
    print(f"total, snapshot and {editions} editions: {total:.1f} s wall, {cpu:.1f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
