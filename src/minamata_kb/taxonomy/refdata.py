"""Load the convention profile from data/profile/<code>/ (idempotent)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction

from minamata_kb.audit.upsert import set_m2m, upsert
from minamata_kb.core.importing import ImportRejected, RowError, read_csv_rows
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.taxonomy.models import (
    Article,
    Channel,
    Profile,
    ResourceType,
    StatementRole,
    Topic,
)

PROFILE_CODE = "minamata"


def profile_dir(code: str = PROFILE_CODE) -> Path:
    """Folder holding one profile's files."""
    return Path(settings.DATA_DIR) / "profile" / code


def _names(row: dict[str, str], prefix: str) -> dict[str, str]:
    return {f"name_{lang}": row.get(f"{prefix}_{lang}", "") for lang in CONTENT_LANGUAGES}


def _checksum(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@transaction.atomic
def load(stdout: TextIO | None = None, code: str = PROFILE_CODE) -> dict[str, int]:
    """Upsert every profile entry; returns the number of rows created or changed per kind."""
    folder = profile_dir(code)
    meta = (
        json.loads((folder / "profile.json").read_text("utf-8"))
        if (folder / "profile.json").exists()
        else {}
    )
    changes: dict[str, int] = {}

    def count(kind: str, outcome: str) -> None:
        if outcome != "unchanged":
            changes[kind] = changes.get(kind, 0) + 1

    article_rows = read_csv_rows(folder / "articles.csv", ["number", "title_en"])
    articles: dict[int, Article] = {}
    for line, row in article_rows:
        try:
            number = int(row["number"])
        except ValueError:
            raise ImportRejected(
                [RowError(line, "number", "not an integer", "articles.csv")]
            ) from None
        values = dict[str, Any](_names(row, "title"))
        values.update(description=row.get("description_en", ""), keywords=row.get("keywords", ""))
        obj, outcome = upsert(Article, {"number": number}, values, audit=False)
        assert obj is not None
        articles[number] = obj
        count("articles", outcome)

    simple: list[tuple[str, type[Any]]] = [
        ("resource_types.csv", ResourceType),
        ("channels.csv", Channel),
        ("roles.csv", StatementRole),
        ("topics.csv", Topic),
    ]
    for filename, model in simple:
        for position, (line, row) in enumerate(
            read_csv_rows(folder / filename, ["slug", "name_en"])
        ):
            values = dict(_names(row, "name"))
            values.update(
                description=row.get("description_en", ""),
                keywords=row.get("keywords", ""),
                position=position,
            )
            obj, outcome = upsert(model, {"slug": row["slug"]}, values, audit=False)
            count(filename.removesuffix(".csv"), outcome)
            if model is Topic and obj is not None:
                refs = []
                for part in filter(None, (p.strip() for p in row.get("articles", "").split(";"))):
                    if not part.isdigit() or int(part) not in articles:
                        raise ImportRejected(
                            [RowError(line, "articles", f"unknown article {part!r}", filename)]
                        )
                    refs.append(articles[int(part)])
                if set_m2m(obj, "articles", refs):
                    count("topics", "updated")

    _, outcome = upsert(
        Profile,
        {"code": code},
        {
            "name": meta.get("name", code),
            "version": str(meta.get("version", "")),
            "checksum": _checksum(folder),
        },
        audit=False,
    )
    count("profile", outcome)
    if stdout is not None:
        stdout.write(f"profile {code}: {sum(changes.values())} rows created or changed\n")
    return changes
