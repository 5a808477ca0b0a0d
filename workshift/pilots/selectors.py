"""Reads of pilots that several pages share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from workshift.pilots.models import Pilot


def pilots_visible_to(*, user: Any) -> QuerySet[Pilot]:
    if not user.is_authenticated:
        return Pilot.objects.none()
    if user.is_administrator:
        return Pilot.objects.all()
    return Pilot.objects.filter(memberships__user=user).distinct()
