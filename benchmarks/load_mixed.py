"""Mixed load against the production server: search 70 %, resource pages 20 %, API lists 10 %.

    .venv/bin/python benchmarks/load_mixed.py --db sqlite
    .venv/bin/python benchmarks/load_mixed.py --db postgres      # database mkb_load on :5432
    .venv/bin/python benchmarks/load_mixed.py --passages 20000 --backup-at 20   # and a backup

1. Prepares a database: `init`, a generated corpus of --passages passages in six languages
   (benchmarks/search_speed.py's generator: ~5 passages a resource, GENERATED random unit
   vectors of the real dimensions, 512 for USE and 384 for e5 — embedding 100,000 passages with
   the real models takes hours here), then every app's demo content (indexed with the real
   models). SQLite: a file under --workdir; PostgreSQL: database `mkb_load` (created; dropped
   at the end unless --keep). A prepared database is reused.
2. Starts `minamata-kb serve` (gunicorn, --workers) on 127.0.0.1 and warms every worker.
3. A second process drives --clients concurrent clients for --duration seconds: search (half
   the search page, half /api/v1/search; queries are generated word lists in the six
   languages), resource pages (/library/r/ID/, which also runs "more like this"), API lists
   (resources, organisations, parties, countries, activities). Query embedding is real.
4. Prints sustained requests per second, errors, p50/p95/p99 overall and per kind, and the
   server's resident memory (gunicorn master and workers, peak and at the end).
5. With --backup-at S: S seconds into the traffic, runs `minamata-kb backup -o FILE` (the
   search traffic keeps writing its query log meanwhile); after the run restores FILE into a
   scratch PostgreSQL database (`mkb_restore_*`, dropped at the end) and compares every export
   kind with the source's. Prints the backup's duration, archive size and rows, the restore's
   duration, "exports identical" per kind, and the load while the backup ran against the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
from minamata_kb.core.processes import (  # noqa: E402
    CLI,
    cli,
    cli_env,
    cpu_seconds,
    export_all,
    rss_mb,
    scratch_postgres,
    served,
)

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "mkb_load"
TOOL_ENV = {
    "SEARCH_EMBEDDERS": "use,e5",
    "SEARCH_MIN_SIMILARITY": "0.3",
    "SEARCH_EMBED_THREADS": "1",
    "TASKS_BACKEND": "immediate",
    "LOG_LEVEL": "ERROR",
}
MIX = (("search", 0.70), ("resource", 0.20), ("api_list", 0.10))
API_LISTS = [
    "/api/v1/resources?limit=20",
    "/api/v1/organisations",
    "/api/v1/parties",
    "/api/v1/countries",
    "/api/v1/activities",
]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


# --------------------------------------------------------------------------- the driver process


def drive(plan_file: Path, base: str, clients: int, duration: float, seed: int) -> None:
    """The load generator (a separate process): prints one JSON object with every sample."""
    plan = json.loads(plan_file.read_text())
    deadline = time.monotonic() + duration
    samples: list[tuple[str, float, bool, float]] = []  # kind, ms, ok, start (epoch s)
    errors: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        rng = random.Random(seed + n)
        while time.monotonic() < deadline:
            kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
            url = base + rng.choice(plan[kind])
            started = time.time()
            t = time.perf_counter()
            ok = False
            try:
                with urllib.request.urlopen(url, timeout=60) as resp:
                    resp.read()
                    ok = resp.status == 200
            except (urllib.error.URLError, OSError) as exc:
                with lock:
                    errors.append(f"{url}: {exc}"[:300])
            ms = (time.perf_counter() - t) * 1000
            with lock:
                samples.append((kind, ms, ok, started))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.monotonic() - t0
    print(json.dumps({"wall": wall, "samples": samples, "errors": errors[:20]}))


# --------------------------------------------------------------------------- preparing the data


def prepare(args: argparse.Namespace, env: dict[str, str]) -> dict[str, list[str]]:
    os.environ.update(env)
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO / "benchmarks"))
    import django

    django.setup()
    from django.core.management import call_command
    from search_speed import make_queries

    from minamata_kb.core.management.commands.demo import load_demo_content
    from minamata_kb.library.models import Resource
    from minamata_kb.search.models import Passage

    t = time.perf_counter()
    call_command("init", verbosity=0)
    if not Resource.objects.exclude(external_id__startswith="syn-").exists():
        load_demo_content(sys.stderr)
    made = add_corpus(args.passages)
    demo = Resource.objects.exclude(external_id__startswith="syn-").count()
    n = Passage.objects.filter(resource__external_id__startswith="syn-").count()
    print(
        f"data: {n} generated passages in {Resource.objects.count() - demo} generated resources "
        f"(six languages, benchmarks/search_speed.py's vocabularies; vectors GENERATED: random "
        f"unit vectors of 512 and 384 dimensions), plus the demo content ({demo} resources, "
        f"real embeddings); {made} passages added now; prepared in "
        f"{time.perf_counter() - t:.0f} s"
    )
    rng = random.Random(5)
    published = list(Resource.objects.filter(published=True).values_list("external_id", flat=True))
    queries = make_queries(400)
    search = []
    for i, q in enumerate(queries):
        if i % 2:
            search.append("/search/?" + urllib.parse.urlencode({"q": q}))
        else:
            search.append("/api/v1/search?" + urllib.parse.urlencode({"q": q, "limit": 10}))
    pages = [f"/library/r/{urllib.parse.quote(e)}/" for e in rng.sample(published, 400)]
    lists = API_LISTS + [f"/api/v1/resources?limit=20&offset={rng.randrange(0, 5000)}"] * 5
    return {"search": search, "resource": pages, "api_list": lists}


def add_corpus(n_passages: int, seed: int = 7) -> int:
    """Top the generated corpus up to ``n_passages`` (resources `syn-*` of five passages), with
    search_speed.py's generators, leaving every other resource alone; returns passages added."""
    import numpy as np
    from search_speed import add_batch, finish_corpus

    from minamata_kb.library.models import Resource
    from minamata_kb.search.models import Passage

    have = Passage.objects.filter(resource__external_id__startswith="syn-").count()
    batch = Resource.objects.filter(external_id__startswith="syn-").count()
    rng = random.Random(seed + batch)
    nrng = np.random.default_rng(seed + batch)
    made = 0
    while have + made < n_passages:
        want = n_passages - have - made
        added, batch = add_batch(rng, nrng, batch, min(1000, (want + 4) // 5), want)
        made += added
        print(f"  generated {have + made} passages", file=sys.stderr)
    if made:
        finish_corpus()
    return made


class BackupRun(threading.Thread):
    """`minamata-kb backup` at --backup-at seconds into the traffic; then its restore and the
    comparison of every export kind."""

    def __init__(self, env: dict[str, str], archive: Path, delay: float | None) -> None:
        super().__init__(daemon=True)
        self.env, self.archive, self.delay = env, archive, delay or 0.0
        self.started = self.ended = self.restore_s = 0.0
        self.error: str | None = "not run"
        self.identical: dict[str, bool] = {}
        self.logged: tuple[int, int] = (0, 0)  # query log rows: in the archive, in the source

    def run(self) -> None:
        time.sleep(self.delay)
        self.started = time.time()
        proc = subprocess.run(
            [*CLI, "backup", "-o", str(self.archive)], env=self.env, capture_output=True, text=True
        )
        self.ended = time.time()
        self.error = None if proc.returncode == 0 else proc.stderr[-2000:]

    def verify(self, source_env: dict[str, str], workdir: Path) -> None:
        import shutil

        from minamata_kb.search.models import QueryLog

        self.manifest = json.loads(zipfile.ZipFile(self.archive).read("manifest.json"))
        self.logged = (self.manifest["counts"]["search.querylog"], QueryLog.objects.count())
        restored_dir = workdir / "restored"
        shutil.rmtree(restored_dir, ignore_errors=True)
        with scratch_postgres(PG_ADMIN, "mkb_restore") as url:
            restored_env = cli_env(restored_dir, url, **TOOL_ENV)
            t = time.perf_counter()
            cli(restored_env, "restore", str(self.archive), timeout=7200)
            self.restore_s = time.perf_counter() - t
            restored = export_all(restored_env)
        shutil.rmtree(restored_dir, ignore_errors=True)
        source = export_all(source_env)
        self.identical = {kind: restored[kind] == source[kind] for kind in source}

    def report(self, samples: list[list]) -> bool:
        """Print the figures; True when the backup worked and every export is identical."""
        if self.error:
            print(f"backup FAILED: {self.error}")
            return False
        rows = sum(self.manifest["counts"].values())
        size = self.archive.stat().st_size / 1048576
        print(
            f"backup: `minamata-kb backup -o FILE` {self.delay:g} s into the traffic: "
            f"{self.ended - self.started:.1f} s (whole process, start-up included); archive "
            f"{size:.1f} MB, {rows:,} rows, {len(self.manifest['files'])} stored files"
        )
        print(
            f"  query log rows (written by the search traffic): {self.logged[0]:,} in the "
            f"archive, {self.logged[1]:,} in the source at the end"
        )
        print(
            f"restore into a scratch PostgreSQL database (`minamata-kb restore FILE`): "
            f"{self.restore_s:.1f} s"
        )
        for kind, same in self.identical.items():
            print(f"  exports identical, {kind}: {'yes' if same else 'NO'}")
        first, last = min(x[3] for x in samples), max(x[3] for x in samples)
        window = max(0.0, min(self.ended, last) - max(self.started, first))
        during = [x for x in samples if self.started <= x[3] < self.ended]
        rest = [x for x in samples if not self.started <= x[3] < self.ended]
        for label, part, span in (
            ("during the backup", during, window),
            ("rest of the run", rest, last - first - window),
        ):
            ms = [x[1] for x in part]
            print(
                f"  load {label}: {len(part)} requests started in {span:.0f} s = "
                f"{len(part) / max(span, 1e-9):.1f} req/s, p50 {pct(ms, 50):.0f} ms, "
                f"p95 {pct(ms, 95):.0f} ms, {sum(1 for x in part if not x[2])} errors"
            )
        return all(self.identical.values())


def pg_database(create: bool, drop: bool) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DB,)).fetchone()
        if drop and exists:
            conn.execute(f"DROP DATABASE {PG_DB} WITH (FORCE)")
        elif create and not exists:
            conn.execute(f"CREATE DATABASE {PG_DB}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of traffic")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers of the server")
    ap.add_argument("--port", type=int, default=8771)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    ap.add_argument(
        "--backup-at",
        type=float,
        default=None,
        metavar="SECONDS",
        help="run `minamata-kb backup` this many seconds into the traffic, then restore it into "
        "a scratch PostgreSQL database and compare every export",
    )
    ap.add_argument("--drive", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--base", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.backup_at is not None and not 0 <= args.backup_at < args.duration:
        ap.error(f"--backup-at must be at least 0 and less than --duration ({args.duration:g})")
    if args.drive:
        drive(args.drive, args.base, args.clients, args.duration, seed=11)
        return 0

    workdir = args.workdir or REPO / "var" / "bench" / f"load_{args.db}"
    workdir.mkdir(parents=True, exist_ok=True)
    env = {"MINAMATA_KB_VAR_DIR": str(workdir), **TOOL_ENV}
    if args.db == "postgres":
        pg_database(create=True, drop=False)
        env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{PG_DB}"
    try:
        plan = prepare(args, env)
        plan_file = workdir / "plan.json"
        plan_file.write_text(json.dumps(plan))
        server_env = {**os.environ, **env}
        if args.db == "sqlite":
            server_env.pop("DATABASE_URL", None)
        backup = BackupRun(server_env, workdir / "backup.zip", args.backup_at)
        with served(server_env, port=args.port, workers=args.workers) as (base, server):
            t = time.perf_counter()
            for _ in range(args.workers * 4):  # every worker loads its index and the models
                urllib.request.urlopen(base + plan["search"][0], timeout=300).read()
                urllib.request.urlopen(base + plan["resource"][0], timeout=300).read()
            warm = time.perf_counter() - t
            peak = 0.0
            cpu0 = cpu_seconds(server.pid)
            driver = subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--drive",
                    str(plan_file),
                    "--base",
                    base,
                    "--clients",
                    str(args.clients),
                    "--duration",
                    str(args.duration),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            # Read the driver's output as it comes: more than a pipe's buffer would block it.
            output: list[str] = []
            reader = threading.Thread(target=lambda: output.append(driver.communicate()[0]))
            reader.start()
            if args.backup_at is not None:
                backup.start()
            while driver.poll() is None:
                peak = max(peak, rss_mb(server.pid))
                time.sleep(1)
            reader.join()
            result = json.loads(output[0] or "{}")
            end_rss = rss_mb(server.pid)
            cpu = cpu_seconds(server.pid) - cpu0
            if args.backup_at is not None:
                backup.join()
        if args.backup_at is not None and backup.error is None:
            backup.verify(cli_env(workdir, env.get("DATABASE_URL"), **TOOL_ENV), workdir)
    finally:
        if args.db == "postgres" and not args.keep:
            from django.db import connections

            connections.close_all()
            pg_database(create=False, drop=True)

    samples = result["samples"]
    wall = result["wall"]
    errors = sum(1 for _, _, ok, _ in samples if not ok)
    print(
        f"server: minamata-kb serve --workers {args.workers} (gunicorn) on 127.0.0.1, "
        f"{args.db}; warm-up {warm:.0f} s"
    )
    print(
        f"traffic: {args.clients} clients for {wall:.0f} s from a second process: "
        f"{len(samples)} requests = {len(samples) / wall:.1f} req/s sustained, {errors} errors"
    )
    print(f"  {'kind':9} {'share':>6} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in ["all", *(k for k, _ in MIX)]:
        ms = [m for k, m, _, _ in samples if kind in ("all", k)]
        share = len(ms) / max(1, len(samples))
        print(
            f"  {kind:9} {share:6.0%} {len(ms):6d} {pct(ms, 50):8.0f} {pct(ms, 95):8.0f} "
            f"{pct(ms, 99):8.0f}"
        )
    print(f"server resident memory (master + workers): peak {peak:.0f} MB, end {end_rss:.0f} MB")
    per = cpu / max(1, len(samples))
    print(
        f"server CPU: {cpu:.0f} s for {len(samples)} requests = {per * 1000:.0f} ms a request; "
        f"on 2 cores of its own that is at most {2 / per if per else float('nan'):.1f} req/s"
    )
    for e in result["errors"][:5]:
        print(f"  error: {e}")
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end "
        "(shared with other work)"
    )
    if args.backup_at is None:
        return 0 if errors == 0 else 1
    return 0 if errors == 0 and backup.report(samples) else 1


if __name__ == "__main__":
    raise SystemExit(main())
