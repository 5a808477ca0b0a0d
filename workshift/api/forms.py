"""The pages' forms behind the API: a route fills the page's form from its payload, saves through
the page's service, and answers a 422 naming the payload's fields when either refuses.

So a page and its route validate with one copy of the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from ninja import Schema

from workshift.api.errors import require_valid, validation_errors

T = TypeVar("T")


def form_data(payload: Schema) -> dict[str, Any]:
    """Schema fields as form data: `x_id` -> `x`, ISO dates, no None."""
    data: dict[str, Any] = {}
    for key, value in payload.dict().items():
        if value is None:
            continue
        data[key.removesuffix("_id")] = value.isoformat() if isinstance(value, dt.date) else value
    return data


def form_saved(form: Any, *, payload: Schema, save: Callable[..., T]) -> T:
    """Validate the bound `form`, then `save(**cleaned_data)` (the page's service).

    A form error or a service's ValidationError is a 422 naming the payload's fields;
    nothing is saved then.
    """
    require_valid(form, payload=payload)
    try:
        return save(**form.cleaned_data)
    except ValidationError as error:
        raise validation_errors(error, payload) from None
