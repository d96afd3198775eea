"""Synthetic national-report answers for the demo and the benchmark (written here, not real).

Deterministic: the same party and cycle always get the same answers. Parties in the LDC and
SIDS groups are drawn more often towards gaps so the analysis has something to show.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from minamata_kb.core import tabular
from minamata_kb.national_reports.conditions import applicable
from minamata_kb.national_reports.models import Cycle, Question

# Comments by article: (gap comment, positive comment). Written for the demo; multilingual on
# purpose so the analysis and the search see more than English.
COMMENTS: dict[int | None, tuple[list[str], list[str]]] = {
    3: (
        [
            "Lack of capacity to identify mercury stocks; technical assistance on inventory "
            "methods is needed.",
            "Customs and the competent authority need training on the trade consent procedure.",
            "Manque de données sur les stocks de mercure ; un appui technique serait utile.",
        ],
        ["Stocks were identified during the initial assessment.", "Consent forms are in use."],
    ),
    4: (
        [
            "Customs officers need training to identify mercury-added products at the border.",
            "Falta de laboratorios para verificar el contenido de mercurio de los productos.",
        ],
        ["A ban on listed products entered into force in 2020."],
    ),
    5: (
        ["Limited expertise to assess facility emissions; guidance on Annex B is needed."],
        ["No facilities of this kind operate in the country."],
    ),
    7: (
        [
            "Funding for the formalisation of small-scale miners is lacking; the national "
            "action plan is still in preparation.",
            "Insufficient outreach to mining communities; we need support for mercury-free "
            "processing demonstrations.",
            "缺乏手工采金社区的无汞技术培训，需要技术援助。",
        ],
        ["The national action plan was submitted with GEF support."],
    ),
    8: (
        [
            "Limited laboratory capacity to measure emissions; we need support to apply the "
            "BAT/BEP guidance.",
            "Нехватка оборудования для мониторинга выбросов; необходима техническая помощь.",
        ],
        ["Emission limit values apply to coal-fired power plants."],
    ),
    9: (
        [
            "No inventory of releases yet; we need guidance on identifying relevant point sources.",
        ],
        ["Release permits include mercury limits."],
    ),
    10: (
        [
            "No dedicated storage facility exists; support is needed to build environmentally "
            "sound interim storage.",
        ],
        ["Interim storage follows the COP guidelines."],
    ),
    11: (
        [
            "Insufficient infrastructure for mercury waste; final disposal options are not "
            "available nationally.",
            "Les capacités de gestion écologiquement rationnelle des déchets de mercure sont "
            "insuffisantes.",
            "نقص في البنية التحتية لإدارة نفايات الزئبق والتخلص النهائي منها.",
        ],
        ["Mercury waste is exported for environmentally sound disposal."],
    ),
    12: (
        [
            "Contaminated sites have not been assessed owing to lack of funding and expertise.",
        ],
        ["A national register of contaminated sites was set up."],
    ),
    13: (
        ["Domestic resources are limited; implementation relies on external funding."],
        ["A budget line for mercury was created in 2021."],
    ),
    14: (
        [
            "We need technical assistance on alternatives to mercury in dentistry and in gold "
            "processing.",
        ],
        ["Training was received from the regional centre."],
    ),
    16: (
        ["Health workers need training to recognise mercury exposure in mining areas."],
        ["A biomonitoring programme covers pregnant women."],
    ),
    18: (
        ["Awareness materials in local languages are lacking."],
        ["A national awareness campaign ran in 2021."],
    ),
    19: (
        ["Monitoring capacity is limited; the country needs support for laboratory analysis."],
        ["Mercury in fish is monitored yearly."],
    ),
    20: (
        ["The implementation plan awaits funding."],
        ["The implementation plan was adopted."],
    ),
    21: (
        ["Effectiveness cannot be judged for lack of monitoring data."],
        ["Measures reduced imports of mercury-added products."],
    ),
    None: (["Stakeholder consultation was limited by available resources."], ["—"]),
}
NEEDS_TEXT = [
    "Technical assistance for emission inventories and BAT/BEP; training for customs officers.",
    "Support to formalise artisanal gold mining and to introduce mercury-free processing.",
    "Funding and expertise for environmentally sound management and disposal of mercury waste.",
    "Laboratory capacity for monitoring mercury in the environment and in people.",
    "Besoin d'un appui pour l'inventaire des sites contaminés et leur assainissement.",
    "Necesitamos apoyo para eliminar gradualmente la amalgama dental.",
]
CHALLENGES_TEXT = [
    "Lack of data, of expertise and of technical capacity.",
    "Limited staff in the competent authority and high turnover.",
    "Insufficient funding for enforcement and monitoring.",
    "Difficult coordination between ministries.",
]
RECEIVED_TEXT = [
    "Minamata Initial Assessment funded by the GEF with UNEP as implementing agency.",
    "Training on the trade provisions by the secretariat.",
    "Support from the Basel and Stockholm regional centre for the waste inventory.",
    "A project under the Specific International Programme.",
]


def _rng(party: str, cycle: str, seed: int) -> random.Random:
    return random.Random(zlib.crc32(f"{party}|{cycle}|{seed}".encode()))


def answers_for(
    party: str,
    cycle: Cycle,
    questions: Iterable[Question],
    *,
    vulnerable: bool = False,
    developed: bool = False,
    seed: int = 0,
    name: str = "",
) -> list[dict[str, str]]:
    """Rows (party, cycle, question, answer, comment) for one party's report."""
    rng = _rng(party, cycle.code, seed)
    # later cycles show some progress
    progress = 0.12 if cycle.kind == Cycle.Kind.FULL and cycle.deadline.year >= 2021 else 0.0
    p_gap = (0.55 if vulnerable else 0.32 if not developed else 0.1) - progress
    rows = []
    questions = list(questions)
    for q in questions:
        gaps, good = COMMENTS.get(q.article, COMMENTS[None])
        answer, comment = "", ""
        kind = q.answer_type
        if kind == Question.AnswerType.TEXT:
            if q.number == 1:
                answer = f"Ministry of Environment{' of ' + name if name else ''}"
            elif q.article == 14 and q.number % 2 == 1:
                answer = " ".join(rng.sample(NEEDS_TEXT, 2)) if not developed else ""
            elif q.article == 14:
                answer = rng.choice(RECEIVED_TEXT) if not developed else ""
            elif q.article == 21:
                answer = " ".join(rng.sample(CHALLENGES_TEXT, 2))
        elif kind == Question.AnswerType.NUMBER:
            answer = str(rng.choice([0, 0, 1, 2, 3, 5, 12, 40, 250]))
        else:
            allowed = q.allowed
            gap_codes = [c for c in q.gap_answers if c in allowed]
            p = 0.08 if gap_codes == ["yes"] else p_gap  # e.g. primary mining: rare
            if gap_codes and rng.random() < p:
                answer = rng.choice(gap_codes)
                comment = rng.choice(gaps) if rng.random() < 0.7 else ""
            else:
                rest = [c for c in allowed if c not in gap_codes and c != "not_applicable"]
                answer = rest[0] if rest else allowed[0]
                if q.article == 14 and developed and answer in ("no",):
                    answer = "yes"
                if q.article == 7 and developed and kind == Question.AnswerType.YES_NO:
                    answer = "no"  # artisanal gold mining insignificant: its sub-questions skip
                comment = rng.choice(good) if rng.random() < 0.15 else ""
        rows.append(
            {
                "party": party,
                "cycle": cycle.code,
                "question": str(q.number),
                "answer": answer,
                "comment": comment,
            }
        )
    return _applicable_only(rows, questions)


def _applicable_only(rows: list[dict[str, str]], questions: list[Question]) -> list[dict[str, str]]:
    """Drop the answers to sub-questions that the party's own answers skip ("if yes, ...")."""
    values = {int(r["question"]): r["answer"] for r in rows}
    keep = applicable(questions, values)
    return [r for r in rows if int(r["question"]) in keep]


def write_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    """Write import rows as a UTF-8 CSV."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = tabular.DictWriter(fh, ["party", "cycle", "question", "answer", "comment"])
        writer.writeheader()
        writer.writerows(rows)
    return path
