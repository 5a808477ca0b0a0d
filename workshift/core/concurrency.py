"""Optimistic concurrency: an edit based on an old version is refused, not applied."""

from __future__ import annotations

from typing import TypeVar

from django.db import transaction

from workshift.core.models import TrackedModel

T = TypeVar("T", bound=TrackedModel)


class EditConflict(Exception):
    """Someone saved the record after the editor opened it."""

    def __init__(self, *, current_version: int, expected_version: int) -> None:
        self.current_version = current_version
        self.expected_version = expected_version
        super().__init__(
            "Someone else saved this record after you opened it "
            f"(version {current_version}, you edited version {expected_version}). "
            "Your changes were not saved: reload to see theirs, then apply yours again."
        )


def versioned_save(*, record: T, expected_version: int | None) -> T:
    """Save a new record, or an edited one only if nobody saved it since `expected_version`."""
    if not record.pk or expected_version is None:
        record.save()
        return record
    return save_versioned(instance=record, expected_version=expected_version)


def save_versioned(*, instance: T, expected_version: int) -> T:
    """Save `instance` only if the stored row still has `expected_version`."""
    model = type(instance)
    with transaction.atomic():
        current = (
            model.objects.select_for_update()  # type: ignore[attr-defined]
            .filter(pk=instance.pk)
            .order_by()  # a default ordering across a nullable relation cannot be locked
            .values_list("version", flat=True)
            .first()
        )
        if current is not None and current != expected_version:
            raise EditConflict(current_version=current, expected_version=expected_version)
        instance.version = (current or 0) + 1
        instance.save()
    return instance
