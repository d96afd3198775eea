"""Faults with real processes: a killed import leaves nothing half-written and a re-run finishes
it; a worker killed mid-task has its task retried by the next worker, with one effect.

Each test runs `python -m minamata_kb ...` subprocesses against the test database: on SQLite a
copy of it in a scratch file (VACUUM INTO), on PostgreSQL the test database itself.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from minamata_kb.core.taskqueue import MAX_ATTEMPTS, local_worker_id, requeue_stale

pytestmark = pytest.mark.slow  # real processes: `make test-fast` leaves them out

CLI = [sys.executable, "-m", "minamata_kb"]


class Scratch:
    """The database the subprocesses use, read back with plain SQL."""

    def __init__(self, tmp_path: Path) -> None:
        self.var = tmp_path / "var"
        self.var.mkdir()
        self.vendor = connection.vendor
        self.file = self.var / "minamata_kb.sqlite3"
        self.env = {
            **os.environ,
            "MINAMATA_KB_VAR_DIR": str(self.var),
            "MEDIA_ROOT": str(self.var / "media"),
            "LOG_LEVEL": "WARNING",
        }
        self.env.pop("DATABASE_URL", None)
        if self.vendor == "postgresql":
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            self.env["DATABASE_URL"] = (
                f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            )

    def snapshot(self) -> None:
        """Hand the test database's current content to the subprocesses."""
        if self.vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute("VACUUM INTO %s", [str(self.file)])

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.file, timeout=20) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    def count(self, table: str, where: str = "", params: tuple = ()) -> int:
        return int(self.rows(f"SELECT COUNT(*) FROM {table} {where}", params)[0][0])  # noqa: S608

    def writer_active(self) -> bool:
        """Some other connection holds an open transaction that has written."""
        if self.vendor == "sqlite":
            db = sqlite3.connect(self.file, timeout=0, isolation_level=None)
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError as exc:
                return "locked" in str(exc)
            finally:
                db.close()
        return bool(
            self.rows(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            )[0][0]
        )


@pytest.fixture
def scratch(transactional_db: None, tmp_path: Path) -> Scratch:
    return Scratch(tmp_path)


def _wait_for(what: Callable[[], bool], proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            pytest.fail(f"process ended (rc {proc.returncode}) before the fault: {out[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"timed out after {timeout}s waiting for the process")
        time.sleep(0.05)


def _kill(proc: subprocess.Popen) -> None:
    assert proc.poll() is None, "the process finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_killed_import_writes_nothing_and_a_rerun_finishes(scratch, tmp_path):
    n = 1500
    path = tmp_path / "BIG.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["slug", "name", "kind", "city"])
        for i in range(n):
            w.writerow([f"fault-org-{i:05d}", f"Organisation {i}", "ngo", "Geneva"])
    scratch.snapshot()
    orgs, audits = scratch.count("registry_organisation"), scratch.count("audit_changerecord")

    proc = subprocess.Popen(
        [*CLI, "import", "organisations", str(path)],
        env=scratch.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    _wait_for(scratch.writer_active, proc, timeout=90)  # the import's transaction is writing
    time.sleep(0.5)
    assert scratch.writer_active()
    _kill(proc)
    assert scratch.count("registry_organisation") == orgs, "a killed import left rows behind"
    assert scratch.count("audit_changerecord") == audits

    rerun = subprocess.run(
        [*CLI, "import", "organisations", str(path)],
        env=scratch.env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"created {n}, updated 0" in rerun.stderr
    assert scratch.count("registry_organisation") == orgs + n
    assert scratch.count("registry_organisation", "WHERE city = %s", ("Geneva",)) == n
    assert scratch.count("audit_changerecord") == audits + n


def _task_row(scratch: Scratch, task_id: str) -> tuple[str, list[str]]:
    # django-tasks-db stores UUIDs without dashes on SQLite (char(32)), natively on PostgreSQL.
    key = task_id.replace("-", "") if scratch.vendor == "sqlite" else task_id
    rows = scratch.rows(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s", (key,)
    )
    assert rows, f"task {task_id} is gone"
    status, workers = rows[0]
    return status, json.loads(workers) if isinstance(workers, str) else workers


def test_worker_killed_mid_task_is_retried_with_one_effect(scratch, settings):
    from minamata_kb.library.models import Resource
    from minamata_kb.search.indexing import passages_for
    from minamata_kb.search.tasks import index_resource_task

    body = "\n\n".join(
        f"Section {i}. Artisanal and small-scale gold mining uses mercury to form amalgam; "
        f"national action plan step {i} sets baselines, reduction targets and health strategies "
        f"for miners, their families and communities near the processing sites." * 2
        for i in range(16)
    )
    resource = Resource.objects.create(
        external_id="fault-index-1", title="ASGM action plan", language="en", text=body
    )
    expected = len(passages_for(resource))
    assert expected >= 8
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task_id = index_resource_task.enqueue(resource.pk).id
    scratch.snapshot()
    # One embedder (multilingual-e5-small, ~10 passages/s): slow enough to be caught mid-task.
    env = {**scratch.env, "TASKS_BACKEND": "database", "SEARCH_EMBEDDERS": "e5"}
    passages = ("search_passage", "WHERE resource_id = %s", (resource.pk,))

    first = subprocess.Popen(
        [*CLI, "worker", "--interval", "0.2", "--no-startup-delay", "-v", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    _wait_for(lambda: _task_row(scratch, task_id)[0] == "RUNNING", first, timeout=90)
    _kill(first)
    status, workers = _task_row(scratch, task_id)
    assert status == "RUNNING" and len(workers) == 1  # lost, as django-tasks-db leaves it
    assert scratch.count(*passages) == 0, "a killed task left part of its work"
    assert scratch.count("search_indexstate") == 0

    second = subprocess.run(
        [*CLI, "worker", "--batch", "--no-startup-delay", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr[-2000:]
    assert "requeued 1" in second.stderr
    status, workers = _task_row(scratch, task_id)
    assert status == "SUCCESSFUL"
    assert len(workers) == 2 and workers[0] != workers[1]  # retried by the second worker
    # One effect: each passage once, one vector each, and the index changed exactly once.
    assert scratch.count(*passages) == expected
    assert (
        scratch.count(
            "search_passagevector",
            "WHERE passage_id IN (SELECT id FROM search_passage WHERE resource_id = %s)",
            (resource.pk,),
        )
        == expected
    )
    assert scratch.rows("SELECT version FROM search_indexstate")[0][0] == 1


def _running_task(worker_ids: list[str], started_ago: float) -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="minamata_kb.search.tasks.index_resource_task",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - timedelta(seconds=started_ago),
        worker_ids=worker_ids,
    )


@pytest.mark.django_db
def test_requeue_rules():
    dead_here = local_worker_id().rsplit(":", 2)[0] + ":999999999:deadbeef"
    alive_here = local_worker_id()
    elsewhere = "other-host:123:abcdefgh"
    dead = _running_task([dead_here], 5)
    alive = _running_task([alive_here], 5)
    remote_recent = _running_task([elsewhere], 5)
    remote_stale = _running_task([elsewhere], 7200)
    doomed = _running_task([dead_here] * MAX_ATTEMPTS, 5)

    out = requeue_stale(stale_after=3600)

    assert sorted(out.requeued) == sorted([str(dead.id), str(remote_stale.id)])
    assert out.failed == [str(doomed.id)]
    for row, status in (
        (dead, "READY"),
        (alive, "RUNNING"),
        (remote_recent, "RUNNING"),
        (remote_stale, "READY"),
        (doomed, "FAILED"),
    ):
        row.refresh_from_db()
        assert row.status == status
    assert "died 3 times" in doomed.traceback
