"""Issue 8: a backup taken while the server takes traffic and a writer imports restores into
PostgreSQL with identical exports. Real processes only: a SQLite source (`demo --no-serve`),
`minamata-kb serve` answering search, page and API requests from a thread, a writer running
`minamata-kb import resources` batches back to back (one transaction each), and
`minamata-kb backup` in the middle; the archive is restored into a scratch PostgreSQL database.
Before that, on each engine, a step by step check of the snapshot itself: a backup process
holds its snapshot open while a real import commits, and must not see it, nor block it.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import psycopg
import pytest

from minamata_kb.core.processes import (
    CLI,
    admin_url,
    cli,
    cli_env,
    export_all,
    scratch_postgres,
    served,
)

pytestmark = pytest.mark.slow  # real processes: `make test-fast` leaves them out

BATCH = 40  # lines per `import resources`: one transaction
BEFORE, AFTER = 2, 2  # whole batches committed before the backup starts and after it ends


def batch_ids(b: int) -> list[str]:
    return [f"load-{b:03d}-{i:03d}" for i in range(BATCH)]


def write_batch(folder: Path, b: int) -> Path:
    path = folder / f"batch-{b:03d}.jsonl"
    lines = [
        {
            "id": rid,
            "title": f"Load batch {b} item {i}: mercury waste storage",
            "text": "Interim storage of mercury waste under Article 10. " * 8,
            "language": "en",
            "articles": [10, 11],
            "topics": ["asgm"] if i % 2 else [],
            "countries": ["GHA", "MEX"][: i % 3],
            "published": i % 5 != 0,
        }
        for i, rid in enumerate(batch_ids(b))
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


class Writer(threading.Thread):
    """Imports batch after batch until told to stop; keeps (batch, start, end, rc, stderr)."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        super().__init__(daemon=True)
        self.env, self.folder = env, folder
        self.done: list[tuple[int, float, float, int, str]] = []
        self.stop_after: int | None = None  # stop once this many batches are done

    def run(self) -> None:
        b = 0
        while self.stop_after is None or len(self.done) < self.stop_after:
            path = write_batch(self.folder, b)
            t = time.monotonic()
            p = subprocess.run(
                [*CLI, "import", "resources", str(path)],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            self.done.append((b, t, time.monotonic(), p.returncode, p.stderr[-500:]))
            b += 1
            if p.returncode != 0 and len([d for d in self.done if d[3]]) > 3:
                return

    def wait_for(self, n: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while len(self.done) < n and self.is_alive():
            assert time.monotonic() < deadline, "the writer is too slow"
            time.sleep(0.05)


class Traffic(threading.Thread):
    """Search (page and API), a resource page and an API list, in turn, until stopped."""

    def __init__(self, base: str, urls: list[str]) -> None:
        super().__init__(daemon=True)
        self.base, self.urls = base, urls
        self.stop = threading.Event()
        self.answers: list[tuple[float, float, int]] = []  # start, end, HTTP status
        self.errors: list[str] = []

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            url = self.base + self.urls[n % len(self.urls)]
            n += 1
            t = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=60) as resp:
                    resp.read()
                    self.answers.append((t, time.monotonic(), resp.status))
            except OSError as exc:
                self.errors.append(f"{url}: {exc}")

    def during(self, start: float, end: float) -> int:
        return sum(1 for t0, t1, status in self.answers if status == 200 and start < t1 < end)


def read_archive(path: Path) -> tuple[dict, list[dict]]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json")), json.loads(zf.read("records.json"))


def without_batches(jsonl: str, batches: set[int]) -> str:
    """The resources export minus the lines of the given writer batches."""
    drop = {rid for b in batches for rid in batch_ids(b)}
    return "".join(line for line in jsonl.splitlines(True) if json.loads(line)["id"] not in drop)


# The backup's own two steps, paused between its first read and the rest.
PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
import django
django.setup()
from minamata_kb.site.backup import _read_snapshot, _write_records
from minamata_kb.library.models import Resource
counts, files = {}, set()
with _read_snapshot(), open(sys.argv[1], "wb") as out:
    print(Resource.objects.count(), flush=True)  # the snapshot starts at this first read
    sys.stdin.readline()  # meanwhile the test commits an import
    _write_records(out, counts, files)
"""


@pytest.mark.parametrize(
    "engine", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_backup_snapshot_neither_sees_nor_blocks_a_concurrent_import(engine, tmp_path):
    with contextlib.ExitStack() as stack:
        url = None
        if engine == "postgresql":
            url = stack.enter_context(scratch_postgres(admin_url(os.environ["DATABASE_URL"])))
        env = cli_env(tmp_path / "var", url, SEARCH_EMBEDDERS="hash", TASKS_BACKEND="immediate")
        cli(env, "init")
        cli(env, "import", "resources", str(write_batch(tmp_path, 0)))
        probe = subprocess.Popen(
            [sys.executable, "-c", PROBE, str(tmp_path / "records.json")],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert probe.stdout is not None and probe.stderr is not None  # both piped above
        try:
            seen = int(probe.stdout.readline() or -1)
            assert seen >= BATCH, probe.stderr.read()
            t = time.monotonic()
            cli(env, "import", "resources", str(write_batch(tmp_path, 1)), timeout=60)
            assert time.monotonic() - t < 15, "the open backup snapshot held the writer up"
            probe.communicate("go\n", timeout=120)
        finally:
            if probe.poll() is None:
                probe.kill()
        assert probe.returncode == 0
        records = json.loads((tmp_path / "records.json").read_text(encoding="utf-8"))
        ids = {r["fields"]["external_id"] for r in records if r["model"] == "library.resource"}
        assert len(ids) == seen and set(batch_ids(0)) <= ids and not set(batch_ids(1)) & ids
        audited = [
            r for r in records if r["fields"].get("object_repr", "").startswith("Load batch 1 ")
        ]
        assert not audited, "audit rows of the import committed after the snapshot"
        now = json.loads(cli(env, "export", "resources", "--format", "jsonl").splitlines()[-1])
        assert now["id"] == batch_ids(1)[-1], "the import did commit, after the snapshot"


@pytest.mark.postgres
def test_backup_during_load_restores_into_postgresql_with_identical_exports(tmp_path):
    source = cli_env(tmp_path / "source", SEARCH_EMBEDDERS="hash", TASKS_BACKEND="immediate")
    cli(source, "demo", "--no-serve")  # every export kind has content; submissions store files
    archive = tmp_path / "during-load.zip"
    writer = Writer(source, tmp_path)
    with served(source, workers=2) as (base, _):
        with urllib.request.urlopen(base + "/api/v1/resources?limit=1", timeout=60) as resp:
            first = json.loads(resp.read())["items"][0]["id"]
        traffic = Traffic(
            base,
            [
                "/api/v1/search?q=mercury+waste+storage&limit=10",
                "/search/?q=amalgame+dentaire",
                f"/library/r/{first}/",
                "/api/v1/resources?limit=20",
            ],
        )
        traffic.start()
        writer.start()
        try:
            writer.wait_for(BEFORE)
            started = time.monotonic()
            backup = subprocess.run(
                [*CLI, "backup", "-o", str(archive)], env=source, capture_output=True, text=True
            )
            ended = time.monotonic()
            writer.stop_after = len(writer.done) + 1 + AFTER  # the one running, then AFTER more
            writer.join(timeout=180)
        finally:
            if writer.stop_after is None:
                writer.stop_after = 0
            traffic.stop.set()
            traffic.join(timeout=60)
    assert backup.returncode == 0, backup.stderr[-2000:]
    failed = [(b, err) for b, _, _, rc, err in writer.done if rc != 0]
    assert not failed, f"imports failed while the backup ran: {failed[:2]}"
    assert not traffic.errors, traffic.errors[:3]
    overlapping = [b for b, t0, t1, _, _ in writer.done if t0 < ended and t1 > started]
    assert overlapping, "no import ran while the backup ran"
    assert traffic.during(started, ended), "the server answered nothing while the backup ran"

    # The archive holds a whole number of batches: 0..k-1 entirely, nothing of the others.
    manifest, records = read_archive(archive)
    held = {r["fields"]["external_id"] for r in records if r["model"] == "library.resource"}
    batches = [b for b, *_ in writer.done]
    k = sum(1 for b in batches if set(batch_ids(b)) <= held)
    partial = {b: len(set(batch_ids(b)) & held) for b in batches[k:] if set(batch_ids(b)) & held}
    assert not partial, f"the backup holds part of batches {partial} (of {BATCH} lines each)"
    assert BEFORE <= k <= len(batches) - AFTER
    # ... and the audit records written in the same transactions as those resources, no more.
    audited = {
        r["fields"]["object_repr"].split(":")[0]
        for r in records
        if r["model"] == "audit.changerecord" and r["fields"]["entity"] == "library.resource"
    }
    assert {a for a in audited if a.startswith("Load batch")} == {
        f"Load batch {b} item {i}" for b in range(k) for i in range(BATCH)
    }
    # Exactly the stored files the snapshot's records reference.
    assert manifest["missing_files"] == []
    assert manifest["files"], "the demo content stores submission originals"

    with scratch_postgres(admin_url(os.environ["DATABASE_URL"])) as url:
        restored_env = cli_env(tmp_path / "restored", url, SEARCH_EMBEDDERS="hash")
        cli(restored_env, "restore", str(archive))
        restored = export_all(restored_env)
        with psycopg.connect(url) as conn:  # the derived full-text index is rebuilt
            passages, indexed = conn.execute(
                "SELECT (SELECT COUNT(*) FROM search_passage), "
                "(SELECT COUNT(*) FROM search_passage_fts)"
            ).fetchone()  # type: ignore[misc]
        assert passages and indexed == passages
    current = export_all(source)
    expected = {**current, "resources": without_batches(current["resources"], set(batches[k:]))}
    for kind in expected:
        assert restored[kind] == expected[kind], f"export {kind} differs after the restore"
    assert restored["resources"].count('"id": "load-') == k * BATCH
    for name in manifest["files"]:
        rel = name.removeprefix("media/")
        assert (tmp_path / "restored" / "media" / rel).read_bytes() == (
            tmp_path / "source" / "media" / rel
        ).read_bytes()
