"""The analysis: shares, rankings by group, changes between cycles, Article 14, needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from minamata_kb.national_reports import selectors
from minamata_kb.national_reports.analysis import analyse
from minamata_kb.national_reports.analysis_records import Moves
from minamata_kb.national_reports.importer import import_national_reports

from .conftest import full_rows, write_rows

pytestmark = pytest.mark.django_db


def _load(nr: Any, tmp_path: Path) -> None:
    rows = (
        full_rows("GHA", nr.short, gap=True)
        + full_rows("TUV", nr.short, gap=True)
        + full_rows("MEX", nr.short)
        + full_rows("GHA", nr.full)  # Ghana closes its gaps
        + full_rows("TUV", nr.full, gap=True)
        + full_rows("MEX", nr.full, gap=True)  # Mexico opens gaps
    )
    import_national_reports(write_rows(tmp_path / "r.csv", rows), publish=True)


def test_per_question_and_article_shares(nr, tmp_path):
    _load(nr, tmp_path)
    a = analyse(nr.short)
    assert a.reports == 3 and a.parties == ["GHA", "MEX", "TUV"]
    q4 = next(q for q in a.questions if q.number == 4)
    assert q4.answered == 3 and q4.counts == {"no": 2, "yes": 1}
    assert q4.share_no == pytest.approx(0.667, abs=0.001) and q4.gap_parties == ["GHA", "TUV"]
    assert q4.challenge_count == 2
    art3 = next(r for r in a.articles if r.article == 3)
    assert art3.questions == [3, 4, 5] and art3.parties_with_gap == 2


def test_ranking_by_region_and_ldc_sids_groups(nr, tmp_path):
    _load(nr, tmp_path)
    ranking = analyse(nr.full).ranking
    assert ranking.all[0].share == pytest.approx(0.667, abs=0.001)
    assert ranking.group_sizes["sids"] == 1 and ranking.group_sizes["ldc"] == 1
    assert all(i.party_codes == ["TUV"] for i in ranking.sids) and ranking.sids
    assert set(ranking.regions) == {"Africa", "Americas", "Oceania"}
    assert ranking.regions["Africa"] == []  # Ghana reported no gap in the full cycle


def test_changes_between_cycles(nr, tmp_path):
    _load(nr, tmp_path)
    changes = analyse(nr.full).changes
    assert changes is not None and changes.previous == "short-2019"
    q4 = next(c for c in changes.questions if c.number == 4)
    assert q4 == Moves(number=4, compared=3, improved=["GHA"], worsened=["MEX"], unchanged=1)
    assert [c.number for c in changes.questions] == [3, 4, 5, 24]
    assert analyse(nr.short).changes is None


def test_the_analysis_as_plain_data_keeps_every_figure(nr, tmp_path):
    """The API's body and the documents' snapshots: the same figures as plain JSON values."""
    _load(nr, tmp_path)
    a = analyse(nr.full)
    plain = json.loads(json.dumps(a.as_dict()))
    assert plain["reports"] == a.reports and plain["parties"] == a.parties
    assert plain["ranking"]["all"][0]["party_codes"] == a.ranking.all[0].party_codes
    assert [q["number"] for q in plain["questions"]] == [q.number for q in a.questions]
    assert a.changes is not None
    assert plain["changes"]["questions"][0]["improved"] == a.changes.questions[0].improved


def test_article14_summary_and_needs_with_provenance(nr, tmp_path):
    _load(nr, tmp_path)
    a = analyse(nr.full)
    assert [q.number for q in a.article14.questions] == [30, 31, 32, 33, 42]
    assert a.article14.text_count >= 3
    needs = selectors.needs(cycle="full-2021", party="TUV")
    assert needs and all(n.party == "TUV" and n.cycle == "full-2021" for n in needs)
    one = next(n for n in needs if n.question == 24)
    assert one.article == 11 and one.role in {"need", "challenge"} and "laboratory" in one.text
    assert one.answer_id > 0 and isinstance(one.topics, tuple)
    assert a.needs_count == len(selectors.needs(cycle=nr.full))


def test_needs_can_take_topics_from_the_statement_classifier(nr, tmp_path, monkeypatch):
    from types import SimpleNamespace

    from minamata_kb.textanalysis import classifier

    _load(nr, tmp_path)
    monkeypatch.setattr(
        classifier, "classify_text", lambda text, **kw: SimpleNamespace(topics=[("waste", 0.9)])
    )
    found = selectors.needs(cycle="full-2021", party="TUV", classify=True)
    assert found and all(n.topics == ("waste",) for n in found)
