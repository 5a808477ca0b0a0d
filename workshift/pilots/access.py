"""Who may see and change a pilot. Every pilot page goes through here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from workshift.pilots.models import Pilot, PilotMember, PilotRole

EDITOR_ROLES = (PilotRole.LEAD, PilotRole.CHAMPION)


def pilot_role(*, user: Any, pilot: Pilot) -> str | None:
    """The user's role in the pilot ('administrator' for administrators), or None."""
    if not user.is_authenticated:
        return None
    if user.is_administrator:
        return "administrator"
    cache = getattr(user, "_pilot_roles", None)
    if cache is None:
        cache = dict(PilotMember.objects.filter(user=user).values_list("pilot_id", "role"))
        user._pilot_roles = cache
    return cache.get(pilot.pk)


def can_edit_pilot(*, user: Any, pilot: Pilot) -> bool:
    role = pilot_role(user=user, pilot=pilot)
    return role == "administrator" or role in EDITOR_ROLES


def pilot_for_user(*, user: Any, pk: int, edit: bool = False) -> Pilot:
    """The pilot if the user takes part in it (404 otherwise); 403 if `edit` and they may not."""
    pilot = Pilot.objects.filter(pk=pk).select_related("entry_unit").first()
    if pilot is None:
        raise Http404("No such pilot.")
    role = pilot_role(user=user, pilot=pilot)
    if role is None:
        raise Http404("No such pilot.")
    if edit and not can_edit_pilot(user=user, pilot=pilot):
        raise PermissionDenied("Only the pilot's program lead and champion can change this.")
    pilot.viewer_role = role
    return pilot
