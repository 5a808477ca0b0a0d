"""Saving edits to a versioned record: refused when someone saved another version since."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import transaction

from workshift.core.concurrency import save_versioned
from workshift.core.models import TrackedModel

R = TypeVar("R", bound=TrackedModel)


@transaction.atomic
def record_update(*, instance: R, changes: Mapping[str, Any], expected_version: int | None) -> R:
    """Apply `changes` (field -> value; many-to-many fields too) and save the record.

    A new record, or an edit without a version, is saved as it is; otherwise EditConflict is
    raised when the stored version is not `expected_version`, and nothing is saved.
    """
    many = {f.name for f in instance._meta.many_to_many}
    for name, value in changes.items():
        if name not in many:
            setattr(instance, name, value)
    if instance.pk is None or expected_version is None:
        instance.save()
    else:
        save_versioned(instance=instance, expected_version=expected_version)
    for name in many & set(changes):
        getattr(instance, name).set(changes[name])
    return instance
