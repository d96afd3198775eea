"""COP documents other than the note on submissions (the analysis of national reports, the
Article 14(4) technology review): the kinds that can be built, where an edition stands on its
masthead, and the archive that freezes a document's input and keeps its files.

The apps that own a kind's content (`national_reports.documents`, `matching.technology`) build
it as ``Block``s and register it here from their AppConfig.ready; the documents app lists the
registered kinds on its page and is the archive (`documents.editions`: Snapshots and Documents
of the meeting's document records), provided here from its own ready(). So the owners import
this toolkit, not the documents app above them.

The symbol comes from the meeting's document record of that kind; without one the edition
carries the marked draft symbol ``UNEP/MC/COP/DRAFT`` rather than an invented number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from minamata_kb.core.actors import Actor
from minamata_kb.publishing import formatting, texts
from minamata_kb.publishing.blocks import Block, Built

DRAFT_SYMBOL = "UNEP/MC/COP/DRAFT"
FORMATS = ("docx", "pdf", "md")


def masthead(where: dict[str, Any], lang: str, taken_at: str) -> Block:
    """The UN masthead: symbol, distribution, date (localised), edition and original language."""
    meeting = texts.text_in(where.get("meeting_name"), lang)
    original = where.get("original") or "en"
    return Block(
        "header",
        data=[
            where["symbol"],
            texts.t(lang, "distr"),
            formatting.format_date(where.get("date") or taken_at, lang),
            texts.EDITION[lang],
            texts.t(lang, "original") if original == "en" else texts.language_name(lang, original),
        ],
        text=texts.t(lang, "conference") + (f" — {meeting}" if meeting else ""),
    )


def title(where: dict[str, Any], lang: str, default: str) -> str:
    """The record's title in the edition's language, else the builder's own (translated) one."""
    return texts.text_in(where.get("title"), lang) or default


Builder = Callable[[dict[str, Any], str], Built]
Collector = Callable[..., dict[str, Any]]
KINDS = ("national_reports", "technology")
# kind -> (collect the input, build an edition): registered by the apps that own the content
# (national_reports and matching, in their AppConfig.ready), so the documents app imports neither.
_REGISTRY: dict[str, tuple[Collector, Builder]] = {}


def register(kind: str, collect: Collector, build: Builder) -> None:
    """Make a document kind buildable (called from the owning app's ready())."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}: expected one of {', '.join(KINDS)}")
    _REGISTRY[kind] = (collect, build)


def registered() -> dict[str, tuple[Collector, Builder]]:
    """The document kinds registered so far: kind -> (collect, build)."""
    return dict(_REGISTRY)


class Frozen(Protocol):
    """A document's frozen input (documents' Snapshot): what the builders read of it."""

    pk: Any
    data: Any


class Archive(Protocol):
    """Where document input is frozen and editions are kept (the documents app)."""

    def freeze(
        self, actor: Actor, kind: str, data: dict[str, Any], meeting: Any = None
    ) -> Frozen: ...

    def keep(
        self, actor: Actor, snap: Any, kind: str, lang: str, fmt: str, built: Built
    ) -> tuple[Any, bytes]: ...


_ARCHIVE: list[Archive] = []


def provide_archive(archive: Archive | None) -> None:
    """Set the archive (called from the documents app's ready()); None takes it away."""
    _ARCHIVE[:] = [archive] if archive is not None else []


def current_archive() -> Archive:
    """The archive documents are frozen in and kept by."""
    if not _ARCHIVE:
        raise RuntimeError("no document archive: the documents app is not installed")
    return _ARCHIVE[0]


def freeze(actor: Actor, kind: str, data: dict[str, Any], meeting: Any = None) -> Frozen:
    """Freeze a document's input (with where it stands) in the archive; unchanged input reuses
    the latest frozen input of the same kind."""
    return current_archive().freeze(actor, kind, data, meeting)


def keep(
    actor: Actor, snap: Any, kind: str, lang: str, fmt: str, built: Built
) -> tuple[Any, bytes]:
    """Draw a built edition and keep the file in the archive: (the kept document, its bytes)."""
    return current_archive().keep(actor, snap, kind, lang, fmt, built)
