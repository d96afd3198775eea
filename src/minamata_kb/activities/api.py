"""HTTP API of the activities app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["activities"])
