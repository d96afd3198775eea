"""`import resources` contract, export stability, audit and permissions of resource writes."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.library.models import Resource

GOOD = {
    "id": "g-1",
    "title": "Guidance on mercury waste",
    "language": "en",
    "type": "guidance",
    "date": "2020-02",
    "articles": [11],
    "topics": ["waste"],
    "org": "bcrc-test",
    "text": "How to collect and store mercury waste.",
}


def write(tmp_path, lines):
    p = tmp_path / "in.jsonl"
    p.write_bytes(
        b"\n".join(
            x if isinstance(x, bytes) else json.dumps(x, ensure_ascii=False).encode() for x in lines
        )
        + b"\n"
    )
    return p


def run_import(path):
    from minamata_kb.cli import main

    return main(["import", "resources", str(path)])


def test_import_upserts_and_keeps_external_id(ref_world, tmp_path, capsys):
    assert run_import(write(tmp_path, [GOOD])) == 0
    r = Resource.objects.get(external_id="g-1")
    assert r.provider == ref_world.org and r.year == 2020 and r.published
    assert [a.number for a in r.articles.all()] == [11]
    assert ChangeRecord.objects.filter(action="create", object_id=str(r.pk)).exists()
    changed = dict(GOOD, title="Guidance on mercury waste (2nd ed.)")
    assert run_import(write(tmp_path, [changed])) == 0
    assert Resource.objects.get(external_id="g-1").title.endswith("(2nd ed.)")
    assert Resource.objects.count() == 1
    assert "updated 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    "bad,needle",
    [
        (b"{not json", "invalid JSON"),
        (b"[1, 2]", "JSON object"),
        ({"title": "no id"}, "id"),
        ({"id": "x", "language": "xx"}, "unknown language code"),
        ({"id": "x", "language": "klingon"}, "unknown language code"),
        ({"id": "x", "date": "next year"}, "date"),
        ({"id": "x", "date": "2021-02-30"}, "real date"),
        ({"id": "x", "articles": ["seven"]}, "article"),
        ({"id": "x", "articles": [99]}, "no article 99"),
        ({"id": "x", "topics": ["cooking"]}, "unknown topic"),
        ({"id": "x", "url": "javascript:alert(1)"}, "http"),
        ({"id": "x", "published": "yes"}, "true or false"),
        ({"id": "x", "translation_of": "nope"}, "no resource"),
        (b"\xff\xfe bad bytes", "UTF-8"),
    ],
)
def test_bad_lines_reported_with_line_number_and_skipped(ref_world, tmp_path, capsys, bad, needle):
    path = write(tmp_path, [GOOD, bad, dict(GOOD, id="g-2")])
    assert run_import(path) == 1
    err = capsys.readouterr().err
    assert f"{path}:2:" in err and needle in err
    assert set(Resource.objects.values_list("external_id", flat=True)) == {"g-1", "g-2"}


def test_language_detected_when_absent_and_html_stripped(ref_world, tmp_path):
    rec = {
        "id": "d",
        "title": "Gestion des déchets de mercure",
        "text": "<script>alert(1)</script>Les déchets de mercure doivent être gérés de manière écologiquement rationnelle.",
    }
    assert run_import(write(tmp_path, [rec])) == 0
    r = Resource.objects.get(external_id="d")
    assert r.language == "fr"
    assert "<script>" not in r.text and "alert" not in r.text


def test_translation_links_and_unknown_type_kept(ref_world, tmp_path, capsys):
    fr = {
        "id": "g-1-fr",
        "title": "Orientations",
        "language": "fr",
        "translation_of": "g-1",
        "type": "news",
    }
    assert run_import(write(tmp_path, [GOOD, fr])) == 0
    a, b = Resource.objects.get(external_id="g-1"), Resource.objects.get(external_id="g-1-fr")
    assert a.translation_group == b.translation_group
    assert b.type is not None and b.type.slug == "other" and b.type_label == "news"
    assert "warning" in capsys.readouterr().err


def test_dry_run_writes_nothing(ref_world, tmp_path):
    call_command("import_resources", str(write(tmp_path, [GOOD])), "--dry-run")
    assert not Resource.objects.exists()


def test_export_is_stable_and_round_trips(ref_world, tmp_path, capsys):
    from minamata_kb.cli import main

    run_import(
        write(
            tmp_path,
            [
                dict(GOOD, id="b"),
                dict(GOOD, id="a"),
                {"id": "c", "title": "中文", "language": "zh"},
            ],
        )
    )
    capsys.readouterr()
    assert main(["export", "resources", "--format", "jsonl"]) == 0
    first = capsys.readouterr().out
    main(["export", "resources", "--format", "jsonl"])
    assert capsys.readouterr().out == first
    ids = [json.loads(x)["id"] for x in first.splitlines()]
    assert ids == ["a", "b", "c"]
    out = tmp_path / "out.csv"
    assert main(["export", "resources", "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text().splitlines()[0].startswith("id,title,language")
    # what we export we can import again, unchanged
    again = tmp_path / "again.jsonl"
    again.write_text(first)
    before = ChangeRecord.objects.count()
    assert run_import(again) == 0
    assert ChangeRecord.objects.count() == before


def test_search_command_json_contract(ref_world, tmp_path, capsys):
    from minamata_kb.cli import main

    run_import(write(tmp_path, [GOOD]))
    capsys.readouterr()
    assert main(["search", "mercury waste", "--limit", "5", "--lang", "en", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"query", "took_ms", "results"}
    assert out["results"][0] == {
        "id": "g-1",
        "title": GOOD["title"],
        "language": "en",
        "score": out["results"][0]["score"],
        "snippet": out["results"][0]["snippet"],
    }
    assert main(["search", "", "--json"]) == 2
    assert "Type at least one word" in capsys.readouterr().err
