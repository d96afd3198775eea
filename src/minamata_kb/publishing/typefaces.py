"""What every edition of a COP document is set in, whatever the format: its language tag, its
fonts, the author of record, and the document symbol the running headers repeat."""

from __future__ import annotations

from minamata_kb.publishing.blocks import Built

# BCP 47 tags of the editions (UN practice: British English, Simplified Chinese, Arabic).
LANG_TAG = {
    "en": "en-GB",
    "fr": "fr-FR",
    "es": "es-ES",
    "ru": "ru-RU",
    "zh": "zh-CN",
    "ar": "ar-SA",
}
FONT_STACK = {
    "zh": '"Noto Serif CJK SC", "DejaVu Serif", "Amiri", serif',
    "ar": '"Amiri", "DejaVu Serif", "Noto Serif CJK SC", serif',
}
DEFAULT_STACK = '"DejaVu Serif", "Noto Serif CJK SC", "Amiri", serif'
LATIN_FONT = {"zh": "Noto Serif CJK SC", "ar": "Amiri"}
EAST_ASIAN_FONT = "Noto Serif CJK SC"
COMPLEX_FONT = "Amiri"
DEFAULT_AUTHOR = "Minamata Convention secretariat"


def symbol_of(doc: Built) -> str:
    """The document symbol (first item of the header block)."""
    for b in doc.blocks:
        if b.kind == "header" and b.data:
            return str(b.data[0])
    return ""
