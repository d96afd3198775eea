"""Framework-free text helpers for indexing: language detection, Chinese segmentation,
chunking into passages and turning a user's query into a safe full-text expression."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Language detection is core's (one language module); read here by the indexing code.
from minamata_kb.core.languages import detect_language  # noqa: F401

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_HAS_CJK = re.compile(f"[{_CJK}]")
_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 32


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese (CJK) characters."""
    return bool(_HAS_CJK.search(text or ""))


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def segment(text: str) -> str:
    """Insert spaces between Chinese words (jieba) so word tokenizers can index them."""
    if not text or not _HAS_CJK.search(text):
        return text or ""
    jb = _jieba()

    def repl(m: re.Match[str]) -> str:
        return " " + " ".join(w for w in jb.cut_for_search(m.group(0)) if w.strip()) + " "

    return _CJK_RUN.sub(repl, text)


def fold(text: str) -> str:
    """Lower-case and strip diacritics (matches FTS5 ``remove_diacritics 2``)."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# Arabic light stemming (after Larkey, Ballesteros & Connell's "light10"): neither FTS5's
# unicode61 tokenizer nor a plain word match knows that «الملغم» (the amalgam) and «ملغم»
# (amalgam) are one word, or «السني» and «الأسنان». Applied to every Arabic-script word at
# index time (fts.insert) and query time (query_terms), on SQLite and PostgreSQL alike.
_AR_WORD = re.compile("[\u0621-\u064a\u0660-\u0669\u0670-\u06d3\u064b-\u0652\u0640]+")
_AR_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # short vowels, shadda, sukun, tatweel
_AR_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ئ": "ي", "ؤ": "و"}
)
_AR_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def arabic_stem(word: str) -> str:
    """One Arabic word normalised (hamza carriers, alef maqsura, ta marbuta, vowel marks,
    tatweel) and lightly stemmed: the conjunction و, the definite article with its
    prepositions, then dual/plural/adjective/pronoun suffixes, each only while a stem of at
    least two letters (three for و) remains."""
    w = _AR_MARKS.sub("", word).translate(_AR_LETTERS)
    if len(w) >= 4 and w.startswith("و"):
        w = w[1:]
    for art in _AR_ARTICLES:
        if w.startswith(art) and len(w) - len(art) >= 2:
            w = w[len(art) :]
            break
    for suf in _AR_SUFFIXES:
        if len(w) - len(suf) >= 2 and w.endswith(suf):
            w = w[: -len(suf)]
    return w


def normalise_arabic(text: str) -> str:
    """``text`` with every Arabic word replaced by its light stem (other scripts untouched)."""
    if not text or not _AR_WORD.search(text):
        return text or ""
    return _AR_WORD.sub(lambda m: arabic_stem(m.group(0)), text)


def index_text(text: str) -> str:
    """What the full-text engines index for ``text`` (title or passage): Chinese segmented,
    Arabic light-stemmed. Queries go through the same steps (query_terms)."""
    return normalise_arabic(segment(text))


# Small stop lists: words that match nearly every passage only slow the OR query down.
STOPWORDS = frozenset(
    """
a an and are as at be by for from has have in into is it its of on or that the their this to was
were which with what how who why when where does do can all any our your we
le la les des de du un une et en au aux pour par sur dans est sont que qui ou avec ce ces son
sa ses leur leurs d l qu
el los las del al y o por para con en un una que se su sus es son como lo
и в во на с по для от до из к о об что как не это или а же
في من على إلى عن مع أن ما هذا هذه التي الذي و أو
的 了 和 与 及 在 是 对 为 等 中 之 或
""".split()
)


_AR_STOPWORDS = frozenset(arabic_stem(w) for w in STOPWORDS if _AR_WORD.fullmatch(w))


def query_terms(query: str) -> list[str]:
    """Index-comparable terms of a query: segmented, folded, stop words dropped, capped."""
    q = (query or "")[:MAX_QUERY_CHARS]
    tokens = [fold(t) for t in _TOKEN.findall(normalise_arabic(segment(q)))]
    tokens = [t for t in tokens if t and t != "_"]
    content = [
        t
        for t in tokens
        if t not in STOPWORDS and t not in _AR_STOPWORDS and (len(t) > 1 or _HAS_CJK.match(t))
    ]
    terms = content or tokens
    seen: dict[str, None] = {}
    for t in terms:
        seen.setdefault(t, None)
    return list(seen)[:MAX_QUERY_TERMS]


_PARA = re.compile(r"\n\s*\n|\r\n\s*\r\n|\n(?=[\-\u2022*•]|\d+[.)] )")
_SENT = re.compile(r"(?<=[.!?;。！？；؟])\s+|(?<=[。！？；])")


def chunk_text(text: str, target: int = 500, maximum: int = 800) -> list[str]:
    """Split ``text`` into passages of about ``target`` characters along paragraph, then
    sentence boundaries; never longer than ``maximum``."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        return []
    pieces: list[str] = []
    for para in _PARA.split(text):
        para = re.sub(r"\s+", " ", para).strip()
        if not para:
            continue
        if len(para) <= maximum:
            pieces.append(para)
            continue
        buf = ""
        for sent in _SENT.split(para):
            sent = sent.strip()
            while len(sent) > maximum:
                cut = sent.rfind(" ", 0, maximum)
                cut = cut if cut > maximum // 2 else maximum
                if buf:
                    pieces.append(buf)
                    buf = ""
                pieces.append(sent[:cut].strip())
                sent = sent[cut:].strip()
            if buf and len(buf) + 1 + len(sent) > target:
                pieces.append(buf)
                buf = sent
            else:
                buf = f"{buf} {sent}".strip()
        if buf:
            pieces.append(buf)
    # Pack short paragraphs together up to the target size.
    out: list[str] = []
    for p in pieces:
        if out and len(out[-1]) + 1 + len(p) <= target:
            out[-1] = f"{out[-1]}\n{p}"
        else:
            out.append(p)
    return out
