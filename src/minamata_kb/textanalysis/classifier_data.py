"""Labelled data the classifier learns from at run time: confirmed statements and labelled
published resources (with the vectors the search index already holds)."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import numpy as np

from minamata_kb.textanalysis.classifier_text import (
    Example,
    TextVectors,
    _Embeddings,
    default_embeddings,
    embed_text,
    unit_norm,
)

log = logging.getLogger(__name__)

_vector_memo: dict[str, TextVectors] = {}


def _memo_vectors(text: str, embeddings: _Embeddings) -> TextVectors:
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if key not in _vector_memo:
        if len(_vector_memo) > 20_000:
            _vector_memo.clear()
        _vector_memo[key] = embed_text(text, embeddings)
    return _vector_memo[key]


def _confirmed_statements() -> Any:
    # By the model's label: the collecting app sits above the text analysis it uses (and
    # without it installed, LookupError leaves the classifier zero-shot, as a missing table does).
    from django.apps import apps

    statement: Any = apps.get_model("submissions", "Statement")
    return statement.objects.filter(status=statement.Status.CONFIRMED).exclude(text="")


def _labelled_resources() -> Any:
    from django.db.models import Q

    from minamata_kb.library.models import Resource

    has_labels = Q(articles__isnull=False) | Q(topics__isnull=False)
    return Resource.objects.filter(published=True).filter(has_labels).distinct()


def examples_key() -> tuple | None:
    """What identifies the labelled data the classifier learns from (None: no database)."""
    try:
        from django.db.models import Count, Max

        agg = _confirmed_statements().aggregate(
            n=Count("id"), last=Max("reviewed_at"), top=Max("id")
        )
        statements = (agg["n"], str(agg["last"]), agg["top"])
    except Exception:  # noqa: BLE001 - Django not set up or tables missing
        log.info("classifier examples: no database", exc_info=True)
        return None
    try:
        from minamata_kb.search.models import IndexState

        resources = _labelled_resources().count()
        version = IndexState.objects.aggregate(v=Max("version"))["v"]
    except Exception:  # noqa: BLE001 - no library or search tables
        log.info("classifier examples: no library or search tables", exc_info=True)
        resources, version = 0, None
    return (statements[0] + resources, statements, resources, version)


def examples_from_database(
    limit: int = 5000, embeddings: _Embeddings | None = None
) -> list[Example]:
    """Confirmed statements and labelled published resources as examples (empty without a
    database). Statements teach all three kinds; resources teach articles and topics, with
    the vectors the search index already holds (resources not indexed yet are left out)."""
    embeddings = embeddings or default_embeddings()
    out: list[Example] = []
    try:
        qs = _confirmed_statements().order_by("-id").prefetch_related("articles", "topics")
        for st in qs[:limit]:
            ex = Example(
                st.text,
                [int(a.number) for a in st.articles.all()],
                [str(t.slug) for t in st.topics.all()],
                [st.role] if st.role else [],
            )
            ex.vectors = _memo_vectors(st.text, embeddings)
            out.append(ex)
    except Exception:  # noqa: BLE001 - no database or a schema we do not know: stay zero-shot
        log.warning("classifier stays zero-shot: statements cannot be read", exc_info=True)
        return []
    try:
        out.extend(_resource_examples(limit, embeddings))
    except Exception:  # noqa: BLE001 - no library or search tables: statements only
        log.warning("classifier learns from statements only: resources unreadable", exc_info=True)
    return out


def _resource_examples(limit: int, embeddings: _Embeddings) -> list[Example]:
    from minamata_kb.search.models import PassageVector

    resources = list(
        _labelled_resources().order_by("-id").prefetch_related("articles", "topics")[:limit]
    )
    names = {embeddings.use_name: "use", embeddings.e5_name: "e5"}
    found: dict[int, dict[str, list[tuple[int, bytes]]]] = {}
    rows = PassageVector.objects.filter(
        passage__resource_id__in=[r.pk for r in resources], model__in=list(names)
    ).values_list("passage__resource_id", "passage__ordinal", "model", "vector")
    for rid, ordinal, model, blob in rows.iterator():
        found.setdefault(rid, {}).setdefault(names[model], []).append((ordinal, bytes(blob)))
    out = []
    for r in resources:
        parts = found.get(r.pk, {})
        if len(parts.get("use", [])) != len(parts.get("e5", [])) or not parts.get("use"):
            continue
        use, e5 = (
            np.stack([np.frombuffer(b, dtype=np.float32) for _, b in sorted(parts[m])])
            for m in ("use", "e5")
        )
        ex = Example(
            f"{r.title}\n\n{r.text[:20000]}",
            [int(a.number) for a in r.articles.all()],
            [str(t.slug) for t in r.topics.all()],
            [],
            TextVectors(unit_norm(use), unit_norm(e5)),
        )
        out.append(ex)
    return out


_state: dict[str, Any] = {"key": None, "classifier": None}
