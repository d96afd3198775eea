"""Search speed at scale: a synthetic corpus of N passages in the six UN languages.

    .venv/bin/python benchmarks/search_speed.py                 # 100,000 passages
    .venv/bin/python benchmarks/search_speed.py --passages 20000 --queries 100

1. Generates resources of about five passages each: per-language domain words (written here)
   followed by a Zipf long tail of generated pseudo-words, as in real text; bulk-loads them into a scratch SQLite database under var/bench/
   (or the database in --database-url): passages, full-text rows and vectors.
   Embedding 100,000 passages with the slower model takes hours on 2 cores, so the latency
   run fills the vector index with GENERATED unit vectors of the right dimensions (512 for
   USE, 384 for e5); query embedding in the server is real.
2. Starts the real server (`minamata-kb serve`, gunicorn) and measures /api/v1/search p50
   and p95 sequentially and with 2 and 4 concurrent clients, and the server's resident memory.
3. Measures indexing throughput (passages per second, chunking + full-text + both real
   embedders) through the real indexing service on a sample of generated resources.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent

VOCAB = {
    "en": "mercury waste storage emissions releases artisanal gold mining amalgam dental "
    "products thermometers lamps batteries inventory guidance training national action plan "
    "contaminated sites health monitoring finance capacity technology transfer coal power "
    "cement smelting chlor-alkali phase-out import export consent trade reporting gender "
    "workers children fish exposure laboratory sampling retorts cyanide leaching policy "
    "regulation customs ministry project workshop webinar case study toolkit".split(),
    "fr": "mercure déchets stockage émissions rejets orpaillage artisanal or amalgame dentaire "
    "produits thermomètres lampes piles inventaire orientations formation plan national "
    "sites contaminés santé surveillance financement renforcement capacités transfert "
    "technologie charbon ciment fonderie exportation consentement commerce rapport genre "
    "travailleurs enfants poisson exposition laboratoire échantillonnage politique douanes".split(),
    "es": "mercurio desechos almacenamiento emisiones liberaciones minería artesanal oro "
    "amalgama dental productos termómetros lámparas pilas inventario orientación capacitación "
    "plan nacional sitios contaminados salud vigilancia financiación capacidad transferencia "
    "tecnología carbón cemento fundición exportación consentimiento comercio informe género "
    "trabajadores niños pescado exposición laboratorio muestreo política aduanas".split(),
    "ru": "ртуть отходы хранение выбросы высвобождения кустарная добыча золота амальгама "
    "стоматологическая продукты термометры лампы батареи инвентаризация руководство обучение "
    "национальный план загрязненные участки здоровье мониторинг финансирование потенциал "
    "передача технологий уголь цемент выплавка экспорт согласие торговля отчетность "
    "гендер работники дети рыба воздействие лаборатория пробы политика таможня".split(),
    "zh": "汞 废物 储存 排放 释放 手工 小规模 采金 汞合金 牙科 产品 温度计 灯 电池 清单 指南 培训 "
    "国家 行动 计划 污染 场地 健康 监测 资金 能力 建设 技术 转让 燃煤 水泥 冶炼 出口 同意 贸易 "
    "报告 性别 工人 儿童 鱼类 暴露 实验室 采样 政策 海关".split(),
    "ar": "الزئبق النفايات التخزين الانبعاثات الإطلاقات التعدين الحرفي الذهب الملغم الأسنان "
    "المنتجات موازين الحرارة المصابيح البطاريات الجرد التوجيه التدريب الخطة الوطنية المواقع "
    "الملوثة الصحة الرصد التمويل القدرات نقل التكنولوجيا الفحم الأسمنت الصهر التصدير الموافقة "
    "التجارة الإبلاغ النوع الاجتماعي العمال الأطفال الأسماك التعرض المختبر العينات السياسات".split(),
}
LANGS = list(VOCAB)


SYLLABLES = {
    "en": "ba be bi bo ca co de di fa fe ga go ha he in la le li lo ma me mi mo na ne no "
    "pa pe po ra re ri ro sa se si so ta te ti to va ve vi wa we ya".split(),
    "fr": "ba be bé ca ce ché de dé fa fe ge la le lé ma me mé na ne no pa pe ra re ré sa se "
    "sé ta te té va ve vé ou oi eu an on in".split(),
    "es": "ba be bi bo ca ce ci co da de di do fa fe ga go ja je la le li lo ma me mi mo na "
    "ne ni no ña pa pe ra re ri ro sa se si so ta te ti to".split(),
    "ru": "ба бе би бо ва ве ви во га го да де ди до жа за зе ка ке ки ко ла ле ли ло ма ме "
    "ми мо на не ни но па пе пи по ра ре ри ро са се си со та те ти то".split(),
    "ar": list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"),
    "zh": [chr(c) for c in range(0x4E00, 0x4E00 + 2000, 7)],
}
TAIL = 4000  # words per language beyond the domain vocabulary (a Zipf long tail, as in real text)


def _lexicon(lang: str) -> list[str]:
    rng = random.Random(f"lexicon-{lang}")
    words = list(VOCAB[lang])
    seen = set(words)
    parts = SYLLABLES[lang]
    while len(words) < len(VOCAB[lang]) + TAIL:
        n = rng.randint(2, 2) if lang == "zh" else rng.randint(2, 4) if lang != "ar" else 4
        w = "".join(rng.choice(parts) for _ in range(n))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


LEXICON = {lang: _lexicon(lang) for lang in VOCAB}
_ZIPF = {}
for _lang, _words in LEXICON.items():
    _p = 1.0 / np.arange(1, len(_words) + 1) ** 1.05
    _ZIPF[_lang] = _p / _p.sum()


def sentence(rng: random.Random, lang: str, n: int) -> str:
    words = LEXICON[lang]
    picks = np.random.default_rng(rng.getrandbits(32)).choice(len(words), size=n, p=_ZIPF[lang])
    sep = "" if lang == "zh" else " "
    return sep.join(words[i] for i in picks) + ("。" if lang == "zh" else ".")


def passage_text(rng: random.Random, lang: str) -> str:
    return " ".join(sentence(rng, lang, rng.randint(8, 16)) for _ in range(rng.randint(3, 6)))


def unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    m = rng.standard_normal((n, dim)).astype(np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    return m


def add_batch(
    rng: random.Random, nrng: np.random.Generator, batch: int, resources: int, limit: int
) -> tuple[int, int]:
    """Generate `resources` resources `syn-NNNNNN` from number `batch` on, five passages each
    (at most `limit` passages in all), with their full-text rows and random unit vectors, in
    one transaction; returns (passages made, the next batch number)."""
    from django.db import transaction

    from minamata_kb.library.models import Resource
    from minamata_kb.search import fts
    from minamata_kb.search.models import Passage, PassageVector

    with transaction.atomic():
        new = []
        for _ in range(resources):
            lang = LANGS[batch % len(LANGS)]
            new.append(
                Resource(
                    external_id=f"syn-{batch:06d}",
                    title=sentence(rng, lang, 6)[:-1],
                    language=lang,
                    year=2015 + batch % 11,
                    published=batch % 10 != 0,
                )
            )
            batch += 1
        Resource.objects.bulk_create(new)
        if any(r.pk is None for r in new):
            new = list(Resource.objects.filter(external_id__in=[r.external_id for r in new]))
        passages = [
            Passage(resource=r, ordinal=i, text=passage_text(rng, r.language), language=r.language)
            for r in new
            for i in range(5)
        ][:limit]
        Passage.objects.bulk_create(passages, batch_size=2000)
        if any(p.pk is None for p in passages):
            passages = list(
                Passage.objects.filter(resource__in=new).order_by("resource_id", "ordinal")
            )
        titles = {r.pk: r.title for r in new}
        fts.insert((p.pk, p.language, titles[p.resource_id], p.text) for p in passages)
        vecs = []
        for name, dim in (("use", 512), ("e5", 384)):
            m = unit(nrng, len(passages), dim)
            vecs += [
                PassageVector(passage=p, model=name, dim=dim, vector=m[i].tobytes())
                for i, p in enumerate(passages)
            ]
        PassageVector.objects.bulk_create(vecs, batch_size=5000)
    return len(passages), batch


def finish_corpus() -> None:
    """Tell the servers the index changed; compact SQLite's full-text table."""
    from django.db import connection

    from minamata_kb.search import fts
    from minamata_kb.search.index import bump_version

    bump_version()
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute(f"INSERT INTO {fts.TABLE}({fts.TABLE}) VALUES('optimize')")


def build_corpus(n_passages: int, seed: int = 7) -> tuple[int, float]:
    from minamata_kb.library.models import Resource
    from minamata_kb.search import fts
    from minamata_kb.search.models import Passage

    have = Passage.objects.count()
    if have >= n_passages:
        return have, 0.0
    t0 = time.perf_counter()
    Resource.objects.all().delete()
    fts.clear()
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    made = 0
    batch = 0
    while made < n_passages:
        added, batch = add_batch(rng, nrng, batch, 1000, n_passages - made)
        made += added
        print(f"  generated {made} passages", file=sys.stderr)
    finish_corpus()
    return made, time.perf_counter() - t0


def make_queries(n: int, seed: int = 11) -> list[str]:
    """Queries of 2 to 6 words drawn from the same Zipf distribution as the corpus."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lang = LANGS[i % len(LANGS)]
        out.append(sentence(rng, lang, rng.randint(2, 6))[:-1])
    return out


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(np.array(values), p)) if values else float("nan")


def get(url: str) -> float:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as resp:
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"HTTP {resp.status}")
    return (time.perf_counter() - t) * 1000


def run_clients(clients: int, urls: list[str]) -> tuple[list[float], float]:
    """Latencies of ``urls`` fetched by ``clients`` concurrent clients, and the wall time."""
    times: list[float] = []
    lock = threading.Lock()

    def client(part: list[str]) -> None:
        for u in part:
            ms = get(u)
            with lock:
                times.append(ms)

    threads = [threading.Thread(target=client, args=(urls[i::clients],)) for i in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers of the server")
    ap.add_argument("--port", type=int, default=0, help="default: a free port")
    ap.add_argument("--index-sample", type=int, default=40, help="resources for the indexing run")
    ap.add_argument("--workdir", type=Path, default=REPO / "var" / "bench" / "search_speed")
    ap.add_argument("--database-url", default=None, help="default: a SQLite file in --workdir")
    ap.add_argument("--fresh", action="store_true", help="delete the scratch database first")
    ap.add_argument("--build-only", action="store_true", help="generate the corpus and stop")
    args = ap.parse_args()

    if args.fresh and args.workdir.exists():
        shutil.rmtree(args.workdir)
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["MINAMATA_KB_VAR_DIR"] = str(args.workdir)
    env["SEARCH_EMBEDDERS"] = "use,e5"
    env["SEARCH_MIN_SIMILARITY"] = "0.3"
    env.setdefault("SEARCH_EMBED_THREADS", "1")
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)
    os.environ.update(
        {k: v for k, v in env.items() if k.startswith(("MINAMATA", "SEARCH", "DATABASE"))}
    )
    if not args.database_url:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from minamata_kb.taxonomy import refdata

    refdata.load()
    n, secs = build_corpus(args.passages)
    from minamata_kb.library.models import Resource

    print(
        f"corpus: {n} passages, {Resource.objects.count()} resources in 6 languages "
        f"({f'generated in {secs:.0f} s' if secs else 'reused'}); vectors are GENERATED "
        "(random unit vectors, 512-d and 384-d), not model outputs"
    )

    if args.build_only:
        return 0
    from minamata_kb.core.processes import cpu_seconds, rss_mb, served

    with served(env, port=args.port or None, workers=args.workers) as (root, server):
        base = f"{root}/api/v1/search?"
        # Distinct queries for each run: a query seen before would hit the embedding cache.
        queries = make_queries(3 * args.queries)
        urls = [base + urllib.parse.urlencode({"q": q, "limit": 10}) for q in queries]
        # Warm-up: every worker loads the index and models and meets each language once
        # (language detection and Chinese segmentation load their data on first use). The
        # requests are sent concurrently so that every worker gets some, and repeated until
        # every worker holds the models.
        import psutil

        warm_queries = make_queries(args.workers * 24, seed=5)
        warm_urls = [base + urllib.parse.urlencode({"q": q}) for q in warm_queries]
        t = time.perf_counter()
        for _ in range(5):
            run_clients(4, warm_urls)
            workers = psutil.Process(server.pid).children()
            if all(w.memory_info().rss > 600 * 1048576 for w in workers):
                break
        warm = time.perf_counter() - t
        cpu0 = cpu_seconds(server.pid)
        seq = [get(u) for u in urls[: args.queries]]
        cpu_per_query = (cpu_seconds(server.pid) - cpu0) / len(seq) * 1000
        concurrent: dict[int, tuple[list[float], float]] = {}
        # 2 clients (one per core) and 4 (twice as many as cores), each on queries of its own.
        for clients, part in (
            (2, urls[args.queries : 2 * args.queries]),
            (4, urls[2 * args.queries :]),
        ):
            concurrent[clients] = run_clients(clients, part)
        rss = rss_mb(server.pid)
        sample = json.loads(urllib.request.urlopen(urls[1]).read())
    print(f"server: minamata-kb serve --workers {args.workers} (gunicorn), warm-up {warm:.1f} s")
    from django.conf import settings

    from minamata_kb.search.partitions import PROBE_SHARE

    if n >= settings.SEARCH_EXACT_BELOW:
        print(
            f"vector scoring: partitioned ({n} passages >= SEARCH_EXACT_BELOW="
            f"{settings.SEARCH_EXACT_BELOW}; k-means cells, {PROBE_SHARE:.0%} of them probed)"
        )
    else:
        print(f"vector scoring: exact ({n} passages < SEARCH_EXACT_BELOW)")
    print(
        f"sequential   /api/v1/search  n={len(seq)}  p50 {pct(seq, 50):.1f} ms  p95 {pct(seq, 95):.1f} ms"
    )
    for clients, (times, wall) in concurrent.items():
        print(
            f"{clients} concurrent /api/v1/search  n={len(times)}  p50 {pct(times, 50):.1f} ms  "
            f"p95 {pct(times, 95):.1f} ms  throughput {len(times) / wall:.1f} req/s"
        )
    print(f"server CPU time per query (sequential run): {cpu_per_query:.1f} ms")
    print(f"server resident memory (all processes): {rss:.0f} MB")
    la = os.getloadavg()
    print(
        f"machine load average during the run (1/5/15 min): {la[0]:.1f} {la[1]:.1f} {la[2]:.1f}"
        f" on {os.cpu_count()} CPUs (shared with other work)"
    )
    print(f"sample server-side took_ms: {sample['meta']['took_ms']}")

    # Indexing throughput with the real embedders, through the real service.
    from minamata_kb.search.indexing import index_resource

    rng = random.Random(99)
    ids = []
    for i in range(args.index_sample):
        lang = LANGS[i % len(LANGS)]
        r = Resource.objects.create(
            external_id=f"idx-{i:04d}-{time.time_ns()}",
            title=sentence(rng, lang, 6),
            language=lang,
            text="\n\n".join(passage_text(rng, lang) for _ in range(3)),
            published=True,
        )
        ids.append(r.pk)
    t = time.perf_counter()
    passages = sum(index_resource(pk) for pk in ids)
    secs = time.perf_counter() - t
    print(
        f"indexing: {passages} passages of {len(ids)} resources in {secs:.1f} s = "
        f"{passages / secs:.2f} passages/s (chunking, full-text, USE + e5 embeddings)"
    )
    from minamata_kb.search.indexing import remove_resource

    for pk in ids:
        remove_resource(pk)
    Resource.objects.filter(pk__in=ids).delete()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
