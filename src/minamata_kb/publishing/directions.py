"""Right-to-left editions (Arabic): which languages are written right to left, and the
left-to-right runs (Latin names, symbols, numbers) inside their lines, wrapped in Unicode
isolates (U+2066 LEFT-TO-RIGHT ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE) so that punctuation
and parentheses fall where the reader expects ("BCRC-Argentina (South America)" keeps its
parentheses)."""

from __future__ import annotations

import re

RTL = {"ar"}
LRI, PDI = "\u2066", "\u2069"
_L = r"A-Za-z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF"
# A left-to-right run: starts and ends with a Latin/Cyrillic letter or a digit (or a closing
# bracket or per cent sign), and may hold spaces and the punctuation of names and symbols.
_LTR_RUN = re.compile(rf"[{_L}](?:[{_L}\s\-\u2010-\u2014/.,:;'\u2019&+%()\[\]#°_]*[{_L})\]%])?")


def split_directions(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, left_to_right) pieces for a right-to-left line. A closing
    bracket without its opening one in the run belongs to the right-to-left sentence."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for m in _LTR_RUN.finditer(text):
        run = m.group(0)
        end = m.end()
        while run and (
            (run[-1] == ")" and run.count(")") > run.count("("))
            or (run[-1] == "]" and run.count("]") > run.count("["))
            or not (run[-1].isalnum() or run[-1] in ")]%")
        ):
            run = run[:-1]
            end -= 1
        if not run:
            continue
        if m.start() > pos:
            pieces.append((text[pos : m.start()], False))
        pieces.append((run, True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def isolate(text: str) -> str:
    """The text with each left-to-right run wrapped in LRI ... PDI (for right-to-left lines)."""
    return "".join(f"{LRI}{p}{PDI}" if ltr else p for p, ltr in split_directions(text))


def directional(text: str, rtl: bool) -> str:
    return isolate(text) if rtl else text


_RTL_CHAR = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")


def left_to_right_only(text: str) -> bool:
    """Text with letters and no right-to-left letter (a name or phrase in Latin script): in an
    Arabic edition it is set as a left-to-right paragraph (aligned like its neighbours), since
    an isolate cannot carry its direction across the lines a long run wraps onto."""
    return bool(re.search(r"[^\W\d_]", text)) and not _RTL_CHAR.search(text)
