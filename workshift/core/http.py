"""Request types for views and endpoints that only signed-in users reach."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from workshift.accounts.models import User

    class AuthedHttpRequest(HttpRequest):
        """A request behind login_required (or API auth): the user is a real User."""

        user: User
        htmx: HtmxDetails

else:
    AuthedHttpRequest = HttpRequest

__all__ = ["AuthedHttpRequest"]
