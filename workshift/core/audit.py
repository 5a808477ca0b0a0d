"""The audit log: every change to a TrackedModel is written with its actor.

The actor is the logged-in user of the current request (set by
AuditActorMiddleware) or whoever a CLI command or task names with
`acting_as(user)`. A context variable holds it, so nothing leaks between
requests or threads.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("workshift_audit_actor", default=None)


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Any:
    user = _actor.get()
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _actor.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, dict, str, int, float, bool)) or value is None:
        return value
    return str(value)


def _field_values(instance: Any) -> dict[str, Any]:
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in instance.audit_exclude:
            continue
        values[field.attname] = _plain(getattr(instance, field.attname))
    return values


def _pilot_id(instance: Any) -> int | None:
    path = instance.audit_pilot_field
    if not path:
        return None
    if path == "self":
        return instance.pk  # type: ignore[no-any-return]
    target = instance
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def _write(instance: Any, action: str, changes: dict[str, Any]) -> None:
    from workshift.core.models import AuditEntry

    AuditEntry.objects.create(
        actor=current_actor(),
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        pilot_id=_pilot_id(instance),
        changes=changes,
    )


def _on_save(sender: Any, instance: Any, created: bool, raw: bool = False, **_: Any) -> None:
    if raw or getattr(instance, "_audit_skip", False):
        return
    now = _field_values(instance)
    if created:
        _write(
            instance,
            "create",
            {k: [None, v] for k, v in now.items() if v not in (None, "", [], {})},
        )
    else:
        before = {k: _plain(v) for k, v in getattr(instance, "_loaded_values", {}).items()}
        changes = {
            k: [before.get(k), v] for k, v in now.items() if k in before and before.get(k) != v
        }
        if not changes:
            return
        _write(instance, "update", changes)
    instance._loaded_values = {k: getattr(instance, k) for k in now}


def _on_delete(sender: Any, instance: Any, **_: Any) -> None:
    if getattr(instance, "_audit_skip", False):
        return
    _write(instance, "delete", {})


def connect_signals() -> None:
    from django.apps import apps

    from workshift.core.models import TrackedModel

    for model in apps.get_models():
        if issubclass(model, TrackedModel):
            post_save.connect(
                _on_save, sender=model, dispatch_uid=f"audit-save-{model._meta.label}"
            )
            post_delete.connect(
                _on_delete, sender=model, dispatch_uid=f"audit-del-{model._meta.label}"
            )
