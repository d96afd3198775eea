"""Warm-up before a server process accepts requests, so the first search after a restart does
not pay for loading models and indexes.

Every app may have a `warmup.py` defining `warm() -> str` (what it loaded, one line), found by
`core.extensions.app_modules` like the other hooks; search loads its embedding models and the
vector index and runs one query. `minamata-kb serve` calls `warm_all` in each gunicorn worker
after it loaded the application and before it accepts connections (core/gunicorn_conf.py).
A hook that fails is logged and the server still starts: /readyz then says what is not ready.
MINAMATA_KB_WARMUP=0 skips it.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

from minamata_kb.core.extensions import app_modules

logger = logging.getLogger("minamata_kb.warmup")


def enabled() -> bool:
    return os.environ.get("MINAMATA_KB_WARMUP", "1").strip().lower() not in ("0", "no", "false")


def warm_all(say: Callable[[str], None] | None = None) -> list[tuple[str, float, str]]:
    """Run every app's warm-up; returns (app, seconds, what or the error) per hook."""
    from django.db import close_old_connections

    say = say or logger.info
    done = []
    for module in app_modules("warmup"):
        app = module.__name__.rsplit(".", 2)[-2]
        start = time.perf_counter()
        try:
            what = module.warm()
        except Exception as exc:  # serve anyway; /readyz reports what is not ready
            what = f"failed: {type(exc).__name__}: {exc}"[:200]
        seconds = time.perf_counter() - start
        say(f"warm-up {app}: {what} ({seconds:.1f} s)")
        done.append((app, seconds, what))
    close_old_connections()  # the worker's requests open their own
    return done
