"""Reads of the documents app, through who is asking.

COP documents and their snapshots are public once their call is: a document built from a call
still in draft (the secretariat may prepare one before issuing it) freezes submissions nobody
outside the secretariat may read yet, so it and its snapshot stay with the secretariat.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.documents.models import Document, Snapshot
from minamata_kb.submissions.models import Call


def _public(prefix: str = "") -> Q:
    return Q(**{f"{prefix}call__isnull": True}) | ~Q(**{f"{prefix}call__status": Call.Status.DRAFT})


def visible_snapshots(user: Any) -> QuerySet[Snapshot]:
    qs = Snapshot.objects.all()
    return qs if is_secretariat(user) else qs.filter(_public())


def visible_documents(user: Any) -> QuerySet[Document]:
    qs = Document.objects.select_related("snapshot__call")
    return qs if is_secretariat(user) else qs.filter(_public("snapshot__"))
