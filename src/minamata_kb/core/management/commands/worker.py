"""`minamata-kb worker`: the database task worker, recovering tasks of dead workers first.

django-tasks-db's `db_worker` with a worker id naming host and pid, and a call to
``requeue_stale`` at start: a worker restarted after a crash (systemd's Restart=always) puts
the task it was running back in the queue.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from minamata_kb.core.commands import add_stale_after
from minamata_kb.core.taskqueue import local_worker_id, requeue_stale


class Command(DbWorkerCommand):
    help = (
        "Run background tasks (TASKS_BACKEND=database); first requeue tasks left RUNNING by "
        "dead workers. Same options as `manage db_worker`, plus --stale-after."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=local_worker_id())
        add_stale_after(parser, "seconds a task of another host may run before it is presumed lost")

    def handle(self, *args: Any, **options: Any) -> None:
        out = requeue_stale(options.pop("stale_after"))
        if out.requeued or out.failed:
            self.stderr.write(
                f"recovered tasks: requeued {len(out.requeued)}, failed {len(out.failed)}"
            )
        super().handle(*args, **options)
