"""Refuse strangers first: an anonymous write gets 401 before its body is read.

django-ninja parses and validates the body before the view runs, and several operations check
the user inside the view, so an anonymous `POST /api/v1/resources {}` answered 422 with the
names of the required fields (validation before authentication). `refuse_anonymous_writes`
wraps every operation of the NinjaAPI in view mode, i.e. before ninja's own authentication,
body parsing and validation: an unsafe method (POST, PUT, PATCH, DELETE) without a signed-in
user answers 401 in the API envelope and nothing else runs.

The API has no anonymous write today. An operation that must accept one (a public form, a
token-authenticated machine) needs its own exception here, with a test.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from minamata_kb.api.gates import gate, is_write, signed_in
from minamata_kb.core.envelope import error_response


def is_anonymous_write(request: HttpRequest) -> bool:
    return is_write(request) and not signed_in(request)


@gate
def refuse_anonymous_writes(request: HttpRequest) -> HttpResponse | None:
    if is_anonymous_write(request):
        return error_response(request, 401, "unauthenticated", _("Sign in first."))
    return None
