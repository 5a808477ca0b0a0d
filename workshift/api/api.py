"""The REST API: one NinjaAPI; each app adds its router in `routers()`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from workshift.api.auth import API_AUTH
from workshift.api.contract import declare_error_statuses
from workshift.api.errors import ApiError, invalid_fields, validation_errors
from workshift.core.concurrency import EditConflict

api = NinjaAPI(
    title="Workshift API",
    version="1",
    description="Run a redefining-work pilot: people, pilots, workgroups, readings and more. "
    "Authenticate with your session or with `Authorization: Bearer <token>` "
    "(create one with `workshift createtoken`).",
    auth=API_AUTH,
    urls_namespace="api",
)


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    errors: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "errors": errors or []}, status=status
    )


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", str(exc) or "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or "You may not do this.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "Log in or send a valid API token.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found"}
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


def _field_name(loc: Any) -> str:
    """The field as the client wrote it: ("body", "data", "pool_size") -> "pool_size"."""
    parts = [str(p) for p in loc or []]
    if parts[:1] == ["body"]:
        parts = parts[2:] or parts[1:]
    elif parts[:1] and parts[0] in {"query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _api_error(
        request,
        invalid_fields((_field_name(e.get("loc")), e.get("msg", "")) for e in exc.errors),
    )


@api.exception_handler(ValidationError)
def _django_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _api_error(request, validation_errors(exc))


@api.exception_handler(EditConflict)
def _conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    return _error(request, 409, "conflict", str(exc))


@csrf_exempt
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/: the shared JSON 404, not the HTML page."""
    return _error(request, 404, "not_found", "No such API route.")


API_MODULES = [
    "workshift.people.api",
    "workshift.pilots.api",
    "workshift.pilots.api_assessment",
    "workshift.conditions.api",
    "workshift.conditions.api_setup",
    "workshift.conditions.api_volunteers",
    "workshift.impact.api",
    "workshift.impact.api_records",
    "workshift.leadership.api",
    "workshift.leadership.api_playbooks",
    "workshift.insights.api",
    "workshift.insights.api_pulse",
]


def _add_routers() -> None:
    """Each listed app's `api.py` adds its `router`; a missing module fails loudly at start-up."""
    import importlib

    added: set[int] = set()
    for name in API_MODULES:
        router = importlib.import_module(name).router
        if (
            id(router) not in added
        ):  # a module may extend its app's router (same paths, more methods)
            api.add_router("/", router)
            added.add(id(router))


_add_routers()
declare_error_statuses(api)
