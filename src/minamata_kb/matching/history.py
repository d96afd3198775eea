"""Catalogue entries on the history pages (audit/records.py): the maintaining organisation's
editors see and restore their entries' history through `save_technology`."""

from __future__ import annotations

from typing import Any

from minamata_kb.audit.records import HistoryEntity, owned_by
from minamata_kb.core.actors import Actor
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.matching.catalogue import save_technology
from minamata_kb.matching.models import Technology


def _restore(actor: Actor, tech: Technology, field: str, value: Any) -> None:
    save_technology(actor, {"slug": tech.slug, field: value})


ENTITIES = [
    HistoryEntity(
        Technology,
        owned_by(organisation="organisation"),
        restore=_restore,
        restorable=frozenset(
            [
                f"{f}_{lang}"
                for f in ("name", "description", "replaces")
                for lang in CONTENT_LANGUAGES
            ]
            + [
                "cost_notes",
                "sector",
                "maturity",
                "topics",
                "articles",
                "providers",
                "case_studies",
                "countries",
                "published",
            ]
        ),
    )
]
