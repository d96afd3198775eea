"""Search's warm-up (the `warmup` hook of core/warming.py): load the embedding models and the
vector index of this process, then run one query through the whole search path."""

from __future__ import annotations

from minamata_kb.search import health, services


def warm() -> str:
    index = health.index_check()
    model = health.model_check()
    for check in (index, model):
        if not check["ok"]:
            raise RuntimeError(check["detail"])
    services.search("mercury", limit=1)
    return f"index: {index['detail']}; models: {model['detail']}"
