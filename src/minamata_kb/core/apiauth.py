"""Role checks for API operations that run before the body is read.

django-ninja parses and validates the body before the view runs, but runs an operation's
`auth=` callables first. `SignedInAs(predicate, message)` is such a callable: a stranger gets
401, a signed-in user for whom `predicate(user)` is false gets 403 with `message` (both in the
API envelope), so someone without the role never learns the operation's schema from a 422.
Checks that depend on the object (is this *your* resource?) stay in the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import SessionAuth


class SignedInAs(SessionAuth):
    """`auth=SignedInAs(is_secretariat, _("Only the secretariat ..."))` on a ninja operation."""

    def __init__(self, predicate: Callable[[Any], bool], message: Any) -> None:
        super().__init__(csrf=False)  # api/csrf.py checks every write once, for all operations
        self.predicate = predicate
        self.message = message

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None  # 401
        if not self.predicate(user):
            raise PermissionDenied(str(self.message))  # 403, before the body is validated
        return user
