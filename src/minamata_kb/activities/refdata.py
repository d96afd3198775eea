"""Reference data loaded by `minamata-kb init`: the work programme items of seed ¶20 and the
Minamata Online sessions known from public sources (each with its source). Idempotent."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from minamata_kb.activities.models import Event, WorkProgrammeItem
from minamata_kb.audit.upsert import upsert
from minamata_kb.core.importing import read_csv_rows
from minamata_kb.registry.models import Organisation

MINAMATA_ONLINE = "Minamata Online"


def _data(*parts: str) -> Path:
    return Path(settings.DATA_DIR).joinpath(*parts)


def load_work_programme(path: Path | None = None) -> int:
    """Upsert the work-programme items (biennium, code, title, source)."""
    path = path or _data("activities", "work_programme.csv")
    if not path.exists():
        return 0
    rows = read_csv_rows(path, ["biennium", "code", "title"])
    for position, (_line, row) in enumerate(rows):
        upsert(
            WorkProgrammeItem,
            {"biennium": row["biennium"], "code": row["code"]},
            {
                "group": row["code"][:1],
                "title": row["title"],
                "source": row.get("source", ""),
                "position": position,
            },
            audit=False,
        )
    return len(rows)


def participants_from_note(note: str) -> int | None:
    """'70 and 115 participants' -> 185; 'over 100 participants' -> 100 (a lower bound)."""
    m = re.search(r"((?:\d+\s*(?:and|,)\s*)*\d+)\s+participants", note)
    if not m:
        return None
    return sum(int(n) for n in re.findall(r"\d+", m.group(1)))


def load_minamata_online(path: Path | None = None) -> int:
    """Upsert the Minamata Online sessions listed in data/reference/minamata_online.csv."""
    path = path or _data("reference", "minamata_online.csv")
    if not path.exists():
        return 0
    rows = read_csv_rows(path, ["date", "title", "source"])
    secretariat = Organisation.objects.filter(slug="secretariat").first()
    for _line, row in rows:
        try:
            day: dt.date | None = dt.date.fromisoformat(row["date"])
        except ValueError:
            day = None
        code = f"mo-{day.isoformat()}" if day else f"mo-{slugify(row['title'])[:60]}"
        langs = ";".join(
            {"english": "en", "french": "fr", "spanish": "es", "russian": "ru"}.get(
                p.strip().lower(), p.strip().lower()
            )
            for p in row.get("languages", "").split(";")
            if p.strip()
        )
        note_parts = [row.get("note", ""), f"stream: {row.get('stream_or_topic', '')}"]
        if row.get("series_confirmed") and row["series_confirmed"] != "yes":
            note_parts.append(f"part of the series: {row['series_confirmed']}")
        upsert(
            Event,
            {"code": code},
            {
                "title": row["title"],
                "kind": Event.Kind.WEBINAR,
                "series": MINAMATA_ONLINE,
                "start_date": day,
                "end_date": day,
                "date_text": "" if day else row["date"][:120],
                "online": True,
                "languages": langs,
                "organiser": secretariat,
                "participants_reported": participants_from_note(row.get("note", "")),
                "source": row["source"],
                "note": "; ".join(p for p in note_parts if p and not p.endswith(": ")),
                "published": True,
            },
            audit=False,
        )
    return len(rows)


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    """Load both files; quiet when they are absent."""
    n_items = load_work_programme()
    n_events = load_minamata_online()
    if stdout is not None:
        stdout.write(
            f"activities: {n_items} work-programme items, {n_events} Minamata Online sessions\n"
        )
