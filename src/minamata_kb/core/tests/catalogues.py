"""For tests of fixed phrases (the COP documents' wording): which of them a language's
catalogue does not translate."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polib

TRANSLATED = ("fr", "es", "ru", "zh_Hans", "ar")  # the catalogue folders beside English


def untranslated(locale_dir: Path, folder: str, phrases: Iterable[str]) -> list[str]:
    """The phrases without a (non-fuzzy) translation in `locale_dir`/`folder`'s catalogue."""
    po = polib.pofile(str(locale_dir / folder / "LC_MESSAGES" / "django.po"))
    done = {e.msgid for e in po.translated_entries()}
    return [p for p in phrases if p not in done]
