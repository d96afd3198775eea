"""The countries a text names, in the six UN languages: the registry's names (from the data
folder, else the ``Country`` model when Django is set up), common short forms and the Chinese
formal names, matched as whole words. Framework-light, like the rest of the classifier.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.textanalysis.classifier_text import SPACELESS, data_dir, normalise


def _country_rows() -> list[dict[str, str]]:
    names_csv = data_dir() / "registry" / "country_names_un.csv"
    if names_csv.exists():
        with open(names_csv, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    try:  # the registry's Country model, when Django is set up
        from minamata_kb.registry.models import Country

        rows = []
        for c in Country.objects.all():
            row = {"iso3": getattr(c, "iso3", "")}
            for lang in CONTENT_LANGUAGES:
                row[f"name_{lang}"] = getattr(c, f"name_{lang}", "") or ""
            rows.append(row)
        return rows
    except Exception:  # noqa: BLE001 - no Django, no table: no country detection
        return []


# common short forms that differ from the UN short names
_ALIASES = {
    "USA": [
        "United States",
        "USA",
        "U.S.",
        "Estados Unidos",
        "États-Unis",
        "США",
        "美国",
        "الولايات المتحدة",
    ],
    "GBR": [
        "United Kingdom",
        "UK",
        "Britain",
        "Royaume-Uni",
        "Reino Unido",
        "Великобритания",
        "英国",
        "المملكة المتحدة",
    ],
    "RUS": ["Russia", "Russie", "Rusia", "Россия", "俄罗斯", "روسيا"],
    "KOR": ["South Korea", "Republic of Korea", "Corée du Sud", "Corea del Sur", "韩国"],
    "PRK": ["North Korea", "朝鲜"],
    "VNM": ["Vietnam", "Viet Nam", "越南"],
    "IRN": ["Iran", "伊朗"],
    "BOL": ["Bolivia", "Bolivie"],
    "VEN": ["Venezuela"],
    "TZA": ["Tanzania", "Tanzanie"],
    "SYR": ["Syria", "Syrie", "Siria"],
    "LAO": ["Laos", "Lao PDR", "RDP lao", "老挝", "老撾", "Лаос", "لاوس"],
    "MDA": ["Moldova", "Moldavie"],
    "CZE": ["Czech Republic", "Czechia"],
    "TUR": ["Turkey", "Türkiye", "Turquie", "Turquía"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "COD": ["DR Congo", "DRC", "RDC"],
    "NLD": ["Netherlands", "Holland", "Pays-Bas", "Países Bajos", "Нидерланды", "荷兰"],
    "CHN": ["China", "中国", "Chine", "Китай"],
}


_ZH_FORMAL = re.compile(
    r"(人民民主共和国|民主人民共和国|伊斯兰共和国|联合共和国|社会主义共和国|民主共和国|"
    r"联邦共和国|合众国|多民族国|共和国|联邦|王国|大公国|公国)$"
)


@cache
def _country_patterns() -> tuple[tuple[re.Pattern[str], str, int], ...]:
    names: dict[str, str] = {}
    for row in _country_rows():
        iso3 = (row.get("iso3") or "").strip().upper()
        if not iso3:
            continue
        for lang in CONTENT_LANGUAGES:
            name = (row.get(f"name_{lang}") or "").strip()
            if not name:
                continue
            names.setdefault(name, iso3)
            base = re.sub(r"\s*[(（].*?[)）]\s*", " ", name).strip()
            if base and base != name and len(base) > 3:
                names.setdefault(base, iso3)
    for iso3, aliases in _ALIASES.items():
        for alias in aliases:
            names.setdefault(alias, iso3)
    # Chinese texts name most countries by their short form: 坦桑尼亚 for 坦桑尼亚联合共和国
    short: dict[str, set[str]] = {}
    for name, iso3 in list(names.items()):
        if SPACELESS.search(name):
            base = _ZH_FORMAL.sub("", name)
            if len(base) >= 2 and base != name:
                short.setdefault(base, set()).add(iso3)
    for base, codes in short.items():
        if len(codes) == 1:  # 刚果 is two States: only the full names say which
            names.setdefault(base, next(iter(codes)))
    patterns = []
    for name, iso3 in names.items():
        escaped = re.escape(name)
        if SPACELESS.search(name):
            pattern = escaped
        elif re.search(r"[\u0600-\u06ff]", name):
            pattern = r"(?<![\u0600-\u06ff])(?:[وبلف])?" + escaped + r"(?![\u0600-\u06ff])"
        elif re.search(r"[\u0400-\u04ff]", name) and " " not in name and len(name) > 4:
            pattern = r"(?<!\w)" + re.escape(name[:-1]) + r"\w{0,3}(?!\w)"  # Russian cases
        elif re.search(r"[\u0400-\u04ff]", name) and " " not in name and len(name) == 4:
            # short names: the case ending after the whole name ("в Лаосе", "из Омана"), and
            # a capital letter (Мали is not "малые")
            if name[-1] in "ая":  # Куба: на Кубе, с Кубой
                pattern = r"(?<!\w)" + re.escape(name[:-1]) + r"(?:[аяеиуыюо]й?)(?!\w)"
            else:
                pattern = r"(?<!\w)" + escaped + r"(?:[аеуыо]|ом)?(?!\w)"
            patterns.append((re.compile(pattern), iso3, len(name)))
            continue
        else:
            pattern = r"(?<!\w)" + escaped + r"(?!\w)"
        flags = 0 if name.isupper() else re.IGNORECASE
        patterns.append((re.compile(pattern, flags), iso3, len(name)))
    patterns.sort(key=lambda p: -p[2])  # longest first: "Papua New Guinea" before "Guinea"
    return tuple(patterns)


def detect_countries(text: str) -> list[str]:
    """ISO3 codes of the countries named in a text, in order of first mention."""
    text = normalise(text)
    taken = [False] * (len(text) + 1)
    found: dict[str, int] = {}
    for pattern, iso3, _ in _country_patterns():
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            found[iso3] = min(found.get(iso3, m.start()), m.start())
    return sorted(found, key=found.__getitem__)


def reset_country_cache() -> None:
    """Forget loaded country names (after the registry changes)."""
    _country_patterns.cache_clear()
