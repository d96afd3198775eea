"""Which articles the classifier proposes: those the profile marks ``proposed`` (articles.csv).

The objective, the definitions and the institutional and final clauses (the Conference of the
Parties, the secretariat, amendments, signature ...) are tagged by hand when they matter; a
text that mentions the Conference of the Parties is not about Article 23.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from minamata_kb.textanalysis import classifier as C
from minamata_kb.textanalysis.classifier_text import load_profile

PROFILE = Path(__file__).resolve().parents[4] / "data" / "profile" / "minamata"

COP_TEXT = (
    "The Conference of the Parties, at its fourth meeting, asked the secretariat to report on "
    "the capacity-building and technical assistance given to parties for their national "
    "action plans on artisanal and small-scale gold mining."
)


def test_a_profile_without_the_column_proposes_every_article(tmp_path: Path) -> None:
    for name in ("topics.csv", "roles.csv"):
        (tmp_path / name).write_text((PROFILE / name).read_text("utf-8"), encoding="utf-8")
    lines = (PROFILE / "articles.csv").read_text("utf-8").splitlines()
    without = [line.rsplit(",", 1)[0] for line in lines]  # drop the last column
    (tmp_path / "articles.csv").write_text("\n".join(without) + "\n", encoding="utf-8")
    assert [lab.key for lab in load_profile(tmp_path).labels["articles"]] == list(range(1, 36))


@pytest.mark.real_models
def test_a_text_naming_the_conference_of_the_parties_is_not_tagged_article_23() -> None:
    out = C.Classifier(examples=[]).classify(COP_TEXT)
    articles = {int(a) for a, _ in out.articles}
    assert 7 in articles and not articles & {1, 23, 24}
