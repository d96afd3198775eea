"""Gunicorn settings of `minamata-kb serve` (`-c python:minamata_kb.core.gunicorn_conf`).

`post_worker_init` runs in each worker after it loaded the application and before it accepts
connections: the models and indexes are warmed there (core/warming.py), so the first request
after a restart does not wait for them.
"""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    from minamata_kb.core.warming import enabled, warm_all

    if enabled():
        warm_all(lambda line: worker.log.info("[%s] %s", worker.pid, line))
