"""Sign-in with a limit on failed attempts per user name and address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def _key(request: HttpRequest) -> str:
    username = (request.POST.get("username") or "").strip().lower()[:150]
    address = request.META.get("REMOTE_ADDR", "")
    return f"login-fail:{address}:{username}"


class RateLimitedLoginView(auth_views.LoginView):
    """Refuse further attempts for a while after LOGIN_MAX_FAILURES failures."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _key(request)
        if cache.get(key, 0) >= settings.LOGIN_MAX_FAILURES:
            form = self.get_form()
            form.add_error(
                None, _("Too many failed sign-in attempts. Wait 15 minutes and try again.")
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back: a failed attempt
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        else:
            cache.delete(key)
        return response
