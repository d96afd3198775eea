"""HTTP API of the assistance app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["assistance"])
