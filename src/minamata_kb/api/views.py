"""Answers for /api/ paths that match no operation: the API envelope, not the HTML 404 page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from minamata_kb.core.envelope import error_response


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(request, 404, "not_found", _("No such API address."))
