"""HTTP API of the submissions app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["submissions"])
