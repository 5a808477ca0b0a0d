"""Who may see and act in a workgroup's space, and in each of its records.

Members act in their own workgroups, coaches in the ones they coach, program
leads and champions across the pilot; managers above the pilot read; everyone
else gets a 404, so the existence of another group's records never leaks. The
workgroup rule itself is `conditions.access.workgroup_for_user`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from workshift.conditions.access import (
    ACROSS_ROLES,
    workgroup_for_user,
    workgroups_visible_to,
)
from workshift.impact.models import Practice
from workshift.pilots.access import pilot_role
from workshift.pilots.models import Pilot

M = TypeVar("M", bound=Model)

# One rule for workgroups, on pages and endpoints alike: conditions.access decides.
workgroups_readable_by = workgroups_visible_to
workgroup_for_viewer = workgroup_for_user


def record_for_user(
    *,
    user: Any,
    model: type[M],
    pk: int,
    act: bool = False,
    via: str = "workgroup",
    select: tuple[str, ...] = (),
) -> M:
    """A record that belongs to a workgroup (through the path `via`), with the same rules as its workgroup.

    The record gets `.workgroup_view`: the workgroup with the viewer's role set on it.
    """
    row = model._default_manager.filter(pk=pk).values_list(f"{via}_id", flat=True).first()
    if row is None:
        raise Http404("Not found.")
    workgroup = workgroup_for_viewer(user=user, pk=row, act=act)
    record = model._default_manager.select_related(*select).get(pk=pk)
    record.workgroup_view = workgroup
    return record


def holds_obstacle(*, obstacle: Any) -> bool:
    """Who may escalate or answer an obstacle loaded by record_for_user: its coach while it sits at the
    coach level; the program lead, champion and administrators at any level."""
    view = obstacle.workgroup_view
    return bool(view.can_lead or (view.viewer_role == "coach" and obstacle.level == "coach"))


def pilot_for_impact(*, user: Any, pk: int, lead_only: bool = False) -> Pilot:
    """A pilot's Act-for-impact pages: anyone in the pilot (404 otherwise); `lead_only` for leads and champion."""
    pilot = Pilot.objects.filter(pk=pk).first()
    role = pilot_role(user=user, pilot=pilot) if pilot else None
    if pilot is None or role is None:
        raise Http404("No such pilot.")
    if lead_only and role not in ACROSS_ROLES:
        raise PermissionDenied("Only the pilot's program lead and champion can open this page.")
    pilot.viewer_role = role
    pilot.can_lead = role in ACROSS_ROLES
    return pilot


def practices_for_pilot(*, pilot: Pilot) -> QuerySet[Practice]:
    """The catalog a pilot sees: the practices every pilot starts with, plus its own."""
    return Practice.objects.filter(Q(pilot=None) | Q(pilot=pilot))


def practice_for_user(*, user: Any, pk: int, edit: bool = False) -> Practice:
    """A catalog practice. Pilot practices: people in that pilot; shared ones: everyone logged in.

    Editing: the pilot's lead or champion for its own practices; administrators and
    organization-wide program leads for the shared ones.
    """
    practice = Practice.objects.filter(pk=pk).select_related("pilot").first()
    if practice is None or not user.is_authenticated:
        raise Http404("No such practice.")
    if practice.pilot is not None and pilot_role(user=user, pilot=practice.pilot) is None:
        raise Http404("No such practice.")
    if edit:
        if practice.pilot is None:
            allowed = user.is_administrator or user.is_program_lead
        else:
            allowed = pilot_role(user=user, pilot=practice.pilot) in ACROSS_ROLES
        if not allowed:
            raise PermissionDenied("Only program leads and champions edit the practice catalog.")
    return practice
