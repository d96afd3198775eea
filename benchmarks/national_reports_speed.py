"""Import and analysis of national reports at scale: 150 parties x 43 questions.

    .venv/bin/python benchmarks/national_reports_speed.py [--parties 150] [--format csv|xlsx|json]

Builds a throw-away SQLite database in a temporary folder (nothing touches var/), loads the
shipped reporting format, creates synthetic parties (real registry codes are too few: the
shipped list is partial), writes one file of synthetic answers with comments for the full
cycle, then times: validation + import of that file, the analysis of the cycle (per question
and article, rankings by region/LDC/SIDS, changes against the short cycle, Article 14, needs
from comments) and the needs selector. Target: import + analysis under 10 seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=150)
    parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="nr-bench-"))
    os.environ["MINAMATA_KB_VAR_DIR"] = str(tmp)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from minamata_kb.national_reports import refdata
    from minamata_kb.national_reports.analysis import analyse, clear_cache
    from minamata_kb.national_reports.importer import import_national_reports
    from minamata_kb.national_reports.models import Cycle
    from minamata_kb.national_reports.selectors import needs
    from minamata_kb.national_reports.synthetic import answers_for, write_csv
    from minamata_kb.registry.models import Country, Party

    refdata.load(None)
    regions = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    codes = []
    for i in range(args.parties):
        prefix, n = ("X", i) if i < 260 else ("Y", i - 260)
        code = f"{prefix}{n // 26}{chr(65 + n % 26)}"
        country = Country.objects.create(
            iso3=code,
            m49=f"{i:03d}",
            name_en=f"Country {code}",
            region=regions[i % 5],
            ldc=i % 4 == 0,
            sids=i % 7 == 0,
            developing=i % 3 != 0,
        )
        Party.objects.create(code=code, country=country, name_en=f"Country {code}")
        codes.append((code, country))
    full = Cycle.objects.select_related("format").get(code="full-2021")
    short = Cycle.objects.select_related("format").get(code="short-2019")
    rows: list[dict[str, str]] = []
    short_rows: list[dict[str, str]] = []
    for code, c in codes:
        vulnerable, developed = c.ldc or c.sids, not c.developing
        rows += answers_for(
            code, full, full.questions(), vulnerable=vulnerable, developed=developed
        )
        short_rows += answers_for(
            code, short, short.questions(), vulnerable=vulnerable, developed=developed
        )
    import_national_reports(write_csv(short_rows, tmp / "short.csv"), publish=True)

    path = tmp / f"full.{args.format}"
    if args.format == "csv":
        write_csv(rows, path)
    elif args.format == "json":
        path.write_text(json.dumps(rows), encoding="utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("report")
        sheet.append(["party", "cycle", "question", "answer", "comment"])
        for r in rows:
            sheet.append([r["party"], r["cycle"], r["question"], r["answer"], r["comment"]])
        book.save(path)

    t0 = time.perf_counter()
    report = import_national_reports(path, publish=True)
    t_import = time.perf_counter() - t0
    clear_cache()
    t0 = time.perf_counter()
    result = analyse(full)
    t_analysis = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = needs(cycle=full)
    t_needs = time.perf_counter() - t0

    print(f"rows: {len(rows)} ({args.parties} parties x {full.questions().count()} questions)")
    print(
        f"reports created: {len(report.created)}; comments: {sum(1 for r in rows if r['comment'])}"
    )
    print(f"import ({args.format}, validate + write): {t_import:.2f} s")
    print(f"analysis (full cycle, with changes since short-2019): {t_analysis:.2f} s")
    print(f"needs selector: {t_needs:.2f} s ({len(found)} needs)")
    total = t_import + t_analysis
    print(f"import + analysis: {total:.2f} s (target < 10 s: {'met' if total < 10 else 'MISSED'})")
    print(
        f"top area: Art. {result.ranking.all[0].article} "
        f"({result.ranking.all[0].share * 100:.0f}% of reporting parties)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
