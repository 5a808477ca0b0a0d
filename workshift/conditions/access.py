"""Who may see and act in a workgroup."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from workshift.conditions.models import Workgroup
from workshift.pilots.access import pilot_role
from workshift.pilots.models import PilotMember, PilotRole


def workgroups_visible_to(*, user: Any) -> QuerySet[Workgroup]:
    """Administrators see all; leads and champions their pilots'; coaches and members their own."""
    if not user.is_authenticated:
        return Workgroup.objects.none()
    if user.is_administrator:
        return Workgroup.objects.all()
    across = PilotMember.objects.filter(user=user, role__in=[PilotRole.LEAD, PilotRole.CHAMPION]).values("pilot_id")
    own = Q(pk__in=[])
    if user.person_id:
        own = Q(coach_id=user.person_id) | Q(memberships__person_id=user.person_id)
    return Workgroup.objects.filter(Q(pilot_id__in=across) | own).distinct()


def workgroup_for_user(*, user: Any, pk: int, lead_only: bool = False) -> Workgroup:
    """The workgroup if the user may see it (404 otherwise).

    With `lead_only`, only the pilot's lead, champion or an administrator pass (403 for others).
    """
    workgroup = workgroups_visible_to(user=user).filter(pk=pk).select_related("pilot", "coach").first()
    if workgroup is None:
        raise Http404("No such workgroup.")
    role = pilot_role(user=user, pilot=workgroup.pilot)
    if lead_only and role not in ("administrator", PilotRole.LEAD, PilotRole.CHAMPION):
        raise PermissionDenied("Only the pilot's program lead and champion can do this.")
    workgroup.viewer_role = role
    return workgroup
