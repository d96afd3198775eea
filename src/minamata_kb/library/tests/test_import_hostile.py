"""`import resources` skips a bad line and keeps the good ones, whatever is wrong with it
(issue 15 item 9: one huge article number rolled back the whole file)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from minamata_kb.library.models import Resource

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "bad",
    [
        '{"id": "bad-1", "title": "t", "articles": [1180591620717411303424]}',
        '{"id": "bad-1", "title": "t", "articles": [1e400]}',
        '{"id": "bad-1", "title": "t", "articles": [NaN]}',
        '{"id": "bad-1", "title": "t", "articles": [true]}',
        "[" * 50_000 + "]" * 50_000,
    ],
)
def test_a_hostile_line_is_skipped_and_the_others_are_kept(
    ref_world: Any, tmp_path: Path, bad: str
) -> None:
    good = [
        json.dumps({"id": f"good-{i}", "title": f"Good {i}", "language": "en", "articles": [8]})
        for i in (1, 2)
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join([good[0], bad, good[1]]) + "\n", encoding="utf-8")
    err = io.StringIO()
    call_command("import_resources", str(path), stderr=err)
    assert sorted(Resource.objects.values_list("external_id", flat=True)) == ["good-1", "good-2"]
    assert f"{path}:2:" in err.getvalue()
