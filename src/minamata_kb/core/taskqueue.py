"""Recovery of background tasks whose worker died (django-tasks-db leaves them RUNNING).

django-tasks-db claims a task by setting it RUNNING in a short transaction and then runs it
outside any transaction; a worker killed mid-task (SIGKILL, OOM, power loss) leaves the row
RUNNING for ever and no other worker picks it up. ``requeue_stale`` puts such tasks back in the
queue: at once when the worker that claimed it ran on this machine and its process is gone
(worker ids from ``local_worker_id`` carry host and pid), otherwise once it has been RUNNING
longer than ``stale_after`` seconds. A task whose workers died ``MAX_ATTEMPTS`` times is marked
FAILED instead, so a task that kills its worker cannot loop for ever.

Tasks are therefore run *at least once*: they must be idempotent (search indexing replaces a
resource's passages keyed by its id in one transaction, so a retry never doubles anything).
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger("minamata_kb.tasks")

MAX_ATTEMPTS = 3
DEFAULT_STALE_AFTER = 3600.0


def _host() -> str:
    return socket.gethostname().split(".")[0][:40] or "host"


def local_worker_id() -> str:
    """A worker id naming this host and process (at most 64 characters, as the queue allows)."""
    return f"{_host()}:{os.getpid()}:{get_random_string(8)}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def worker_is_dead(worker_id: str) -> bool:
    """True only when ``worker_id`` names a process of this host that no longer exists."""
    parts = worker_id.split(":")
    if len(parts) != 3 or parts[0] != _host() or not parts[1].isdigit():
        return False
    return not _pid_alive(int(parts[1]))


@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def requeue_stale(stale_after: float = DEFAULT_STALE_AFTER) -> Recovery:
    """Put RUNNING tasks of dead workers back in the queue (or fail them after MAX_ATTEMPTS)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    out = Recovery()
    cutoff = timezone.now() - timedelta(seconds=stale_after)
    with transaction.atomic():
        rows = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING)
            .only("id", "started_at", "worker_ids", "task_path")
        )
        for row in rows:
            last = (row.worker_ids or [""])[-1]
            stale = row.started_at is None or row.started_at < cutoff
            if not (worker_is_dead(last) or stale):
                continue
            if len(row.worker_ids or []) >= MAX_ATTEMPTS:
                row.status = TaskResultStatus.FAILED
                row.finished_at = timezone.now()
                row.exception_class_path = "minamata_kb.core.taskqueue.WorkerDied"
                row.traceback = (
                    f"its worker died {len(row.worker_ids)} times ({', '.join(row.worker_ids)})"
                )
                row.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                out.failed.append(str(row.id))
                logger.error("task %s (%s) failed: workers died", row.id, row.task_path)
            else:
                row.status = TaskResultStatus.READY
                row.started_at = None
                row.save(update_fields=["status", "started_at"])
                out.requeued.append(str(row.id))
                logger.warning("task %s (%s) requeued: worker %s gone", row.id, row.task_path, last)
    return out


class WorkerDied(Exception):
    """Recorded as the failure of a task whose workers kept dying."""
