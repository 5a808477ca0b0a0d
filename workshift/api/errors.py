"""API errors: always JSON with a machine-readable code and a message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
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

    @classmethod
    def on_field(cls, *, status: int, code: str, field: str, message: str) -> ApiError:
        """A refusal that one field of the request explains, in the same words for both."""
        return cls(
            status=status,
            code=code,
            message=message,
            errors=[{"field": field, "message": message}],
        )


INVALID_FIELDS = "The request has invalid fields."


def invalid_fields(errors: Iterable[tuple[str, str]]) -> ApiError:
    """A 422 naming each invalid field: `errors` are (field, message) pairs, "" for the whole request."""
    return ApiError(
        status=422,
        code="invalid",
        message=INVALID_FIELDS,
        errors=[{"field": field, "message": message} for field, message in errors],
    )


def payload_field(name: str, payload: Schema | None = None) -> str:
    """A form's or a service's field as the client wrote it: `person` is `person_id` in a payload
    that has `person_id` and no `person`; `__all__` is "" (the whole request)."""
    if name == "__all__":
        return ""
    fields = type(payload).model_fields if payload is not None else {}
    if name and name not in fields and f"{name}_id" in fields:
        return f"{name}_id"
    return name


def form_errors(form: Any, payload: Schema | None = None) -> ApiError:
    """A bound Django form's errors as a 422 (the pages and the API validate alike).

    With the `payload` the form was filled from, each error names the payload's field.
    """
    return invalid_fields(
        (payload_field(field, payload), str(message))
        for field, messages in form.errors.items()
        for message in messages
    )


def require_valid(form: Any, *, payload: Schema | None = None) -> None:
    """Validate a bound Django form: a 422 naming each invalid field when it is not valid, as
    the `payload` the form was filled from names it (`person_id` for the form's `person`)."""
    if not form.is_valid():
        raise form_errors(form, payload)


def validation_errors(error: ValidationError, payload: Schema | None = None) -> ApiError:
    """A service's ValidationError as a 422, naming the payload's fields where it names fields."""
    if hasattr(error, "error_dict"):
        return invalid_fields(
            (payload_field(field, payload), " ".join(messages))
            for field, messages in error.message_dict.items()
        )
    return invalid_fields(("", message) for message in error.messages)
