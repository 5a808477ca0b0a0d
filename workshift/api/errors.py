"""API errors: always JSON with a machine-readable code and a message."""

from __future__ import annotations

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
