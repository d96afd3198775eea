"""Demo national reports: synthetic answers for about forty parties in two cycles.

The answers are written for the demo (see `synthetic.py`), not taken from real reports. Ghana's
full report is left as a draft so `fp-ghana` can fill and submit it; Mexico's full report is
submitted but not yet published, to show what the secretariat sees and the public does not.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from django.db import transaction

from minamata_kb.national_reports.analysis import clear_cache
from minamata_kb.national_reports.importer import import_national_reports
from minamata_kb.national_reports.models import Cycle, NationalReport
from minamata_kb.national_reports.synthetic import answers_for, write_csv
from minamata_kb.registry.models import Party

DEMO_PARTIES = [
    "GHA", "MEX", "CHN", "USA", "DJI", "GAB", "GUY", "URY", "GIN", "NIC", "SYC", "MDG",
    "MRT", "TCD", "WSM", "MNG", "PAN", "JOR", "PER", "BOL", "JPN", "SEN", "ZMB", "CHE",
    "MLI", "BWA", "ECU", "ATG", "SLE", "BEN", "GMB", "CRI", "TGO", "HND", "CAN", "BFA",
    "AFG", "NOR", "KIR", "LKA", "JAM", "VNM",
]  # fmt: skip
CYCLES = ("short-2019", "full-2021")


def demo_rows(parties: list[Party], cycles: list[Cycle]) -> list[dict[str, str]]:
    """Import rows for every party and cycle it belongs to."""
    rows: list[dict[str, str]] = []
    for cycle in cycles:
        questions = list(cycle.questions())
        for party in parties:
            if not cycle.includes_party(party):
                continue
            c = party.country
            rows += answers_for(
                party.code,
                cycle,
                questions,
                vulnerable=bool(c and (c.ldc or c.sids)),
                developed=bool(c and not c.developing),
                name=party.name_en,
            )
    return rows


def load(stdout: TextIO) -> None:
    """Import the demo reports once (idempotent)."""
    cycles = list(Cycle.objects.filter(code__in=CYCLES).select_related("format"))
    if len(cycles) != len(CYCLES):
        return
    if NationalReport.objects.filter(cycle__in=cycles).exists():
        stdout.write("national reports: demo reports already present\n")
        return
    parties = list(Party.objects.filter(code__in=DEMO_PARTIES).select_related("country"))
    rows = demo_rows(parties, cycles)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(rows, Path(tmp) / "demo_national_reports.csv")
        report = import_national_reports(path, publish=True)
    with transaction.atomic():
        NationalReport.objects.filter(party__code="GHA", cycle__code="full-2021").update(
            status=NationalReport.Status.DRAFT, published=False, submitted_at=None
        )
        NationalReport.objects.filter(party__code="MEX", cycle__code="full-2021").update(
            published=False
        )
    clear_cache()
    stdout.write(
        f"national reports: {len(report.created)} demo reports for {len(parties)} parties "
        f"({len(rows)} answers, synthetic)\n"
    )
