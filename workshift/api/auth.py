"""API authentication: the browser session, or a personal token in `Authorization: Bearer`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from workshift.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(key=token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """Django's session cookie, with CSRF checked on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


API_AUTH = [TokenAuth(), SessionAuth(csrf=True)]
