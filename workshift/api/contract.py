"""What every operation declares beyond its success response: the error statuses it can answer.

Every endpoint goes through the same authentication, access helpers, validation and
exception handlers (see `api.py`), so every operation can answer with these statuses,
each with the shared body `{code, message, errors}`:

- 400: a body that is not JSON, or a form the browser session sent without its CSRF token
- 401: no session and no valid token
- 403: the record exists for the user but their role may not do this
- 404: no such record, or one the user may not see
- 409: a change refused by the record's current state (edited meanwhile, closed, wrong stage)
- 422: fields that do not validate
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpResponseBase
from ninja import NinjaAPI
from ninja.operation import Operation
from ninja.responses import Status

from workshift.api.errors import ErrorOut

READ_ERRORS = (400, 401, 403, 404, 422)
WRITE_ERRORS = (*READ_ERRORS, 409)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def api_operations(api: NinjaAPI) -> list[tuple[str, Operation]]:
    """Every (path, operation) of the API, in the order the routers declare them."""
    found = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                found.append((f"{prefix}{path}", operation))
    return found


def _with_default_status(func: Callable[..., Any], status: int) -> Callable[..., Any]:
    """Keep an endpoint's single success status once error statuses sit next to it."""

    @functools.wraps(func)
    def view(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        if isinstance(result, HttpResponseBase | Status):
            return result
        if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], int):
            return Status(*result)  # the older (status, body) form
        return Status(status, result)

    return view


def declare_error_statuses(api: NinjaAPI) -> None:
    """Add the shared error body for every status an operation can answer with."""
    for _path, operation in api_operations(api):
        models = operation.response_models
        successes = [status for status in models if isinstance(status, int) and status < 400]
        if len(models) == 1 and successes and successes[0] != 200:
            operation.view_func = _with_default_status(operation.view_func, successes[0])
        safe = set(operation.methods) <= SAFE_METHODS
        for status in READ_ERRORS if safe else WRITE_ERRORS:
            models.setdefault(status, operation._create_response_model(ErrorOut))
