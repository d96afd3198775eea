"""HTTP API of the matching app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["matching"])
