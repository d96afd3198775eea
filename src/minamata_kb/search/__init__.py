"""Search: passages, full-text and vector indexes, hybrid ranking (see services.search)."""

import os

# A server process embeds one query at a time: one BLAS/OpenMP thread per process keeps idle
# threads from spinning against the other workers (measured on the shared 2-core machine: a USE
# query went from 69 ms to 4 ms of CPU). SEARCH_EMBED_THREADS raises it, e.g. for `reindex`.
# Set here because Django imports this package before anything imports numpy.
_threads = os.environ.get("SEARCH_EMBED_THREADS", "1")
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, _threads)
