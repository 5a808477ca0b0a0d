"""API errors: always JSON with a machine-readable code and a message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[dict[str, Any]] = []


class ApiError(Exception):
    def __init__(
        self, *, status: int, code: str, message: str, errors: list[dict[str, Any]] | None = None
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors or []
        super().__init__(message)


INVALID_FIELDS = "The request has invalid fields."


def invalid_fields(errors: Iterable[tuple[str, str]]) -> ApiError:
    """A 422 naming each invalid field: `errors` are (field, message) pairs, "" for the whole request."""
    return ApiError(
        status=422,
        code="invalid",
        message=INVALID_FIELDS,
        errors=[{"field": field, "message": message} for field, message in errors],
    )


def form_errors(form: Any) -> ApiError:
    """A bound Django form's errors as a 422 (the pages and the API validate alike)."""
    return invalid_fields(
        ("" if field == "__all__" else field, str(message))
        for field, messages in form.errors.items()
        for message in messages
    )


def require_valid(form: Any) -> None:
    """Validate a bound Django form: a 422 naming each invalid field when it is not valid."""
    if not form.is_valid():
        raise form_errors(form)
