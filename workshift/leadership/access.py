"""Who may see and change playbooks, decision rights, the decision log and surges.

Everyone in a pilot sees its playbooks and its pilot-wide rights register;
members and coaches see the rights and decision log of their own workgroups;
only the pilot's lead, the champion and administrators change rights or
declare surges; the organization's default playbooks are edited by program
leads and administrators. Anyone outside the pilot gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from workshift.conditions.access import workgroup_for_user
from workshift.conditions.models import Workgroup
from workshift.leadership.models import DecisionKind, Surge
from workshift.pilots.access import can_edit_pilot, pilot_for_user, pilot_role
from workshift.pilots.models import Pilot, PilotRole

RIGHTS_REFUSED = "Only the lead, the champion and administrators change a pilot's decision rights."


def leadership_pilot_for_user(*, user: Any, pk: int, edit: bool = False) -> Pilot:
    """The pilot (404 outside it); with `edit`, 403 for anyone but its lead, champion or an administrator."""
    try:
        return pilot_for_user(user=user, pk=pk, edit=edit)
    except PermissionDenied:
        raise PermissionDenied(RIGHTS_REFUSED) from None


def may_change_rights(*, user: Any, pilot: Pilot) -> bool:
    return can_edit_pilot(user=user, pilot=pilot)


def rights_workgroup_for_user(*, user: Any, pk: int, change: bool = False) -> Workgroup:
    """A workgroup whose rights and log the user may read (404 otherwise); 403 on `change` by others."""
    workgroup = workgroup_for_user(user=user, pk=pk)
    if change and not may_change_rights(user=user, pilot=workgroup.pilot):
        raise PermissionDenied(RIGHTS_REFUSED)
    workgroup.viewer_can_change = may_change_rights(user=user, pilot=workgroup.pilot)
    return workgroup


def may_record_decision(*, user: Any, workgroup: Workgroup) -> bool:
    """The workgroup's members and coach, and the pilot's lead, the champion and administrators."""
    if may_change_rights(user=user, pilot=workgroup.pilot):
        return True
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return False
    return (
        workgroup.coach_id == person_id
        or workgroup.memberships.filter(person_id=person_id).exists()
    )


def decision_kind_for_user(*, user: Any, pilot: Pilot, pk: int) -> DecisionKind:
    kind = DecisionKind.objects.filter(pilot=pilot, pk=pk).first()
    if kind is None:
        raise Http404("No such kind of decision.")
    return kind


def may_see_workload(*, user: Any, pilot: Pilot) -> bool:
    """Surges and workload: the pilot's lead, champion, manager and administrators."""
    return pilot_role(user=user, pilot=pilot) in (
        "administrator",
        PilotRole.LEAD,
        PilotRole.CHAMPION,
        PilotRole.MANAGER,
    )


def surge_for_user(*, user: Any, pk: int, edit: bool = False) -> Surge:
    """A surge (404 unless the user sees the pilot's workload); 403 on `edit` by others than lead/champion."""
    surge = Surge.objects.filter(pk=pk).select_related("pilot", "unit", "workgroup").first()
    if surge is None or not may_see_workload(user=user, pilot=surge.pilot):
        raise Http404("No such surge.")
    if edit and not can_edit_pilot(user=user, pilot=surge.pilot):
        raise PermissionDenied(
            "Only the pilot's program lead, its champion and administrators plan surges."
        )
    return surge


def surge_pilot_for_user(*, user: Any, pk: int, edit: bool = False) -> Pilot:
    pilot = pilot_for_user(user=user, pk=pk)
    if not may_see_workload(user=user, pilot=pilot):
        raise PermissionDenied(
            "Workload and surges are for the pilot's lead, champion and managers."
        )
    if edit and not can_edit_pilot(user=user, pilot=pilot):
        raise PermissionDenied(
            "Only the pilot's program lead, its champion and administrators plan surges."
        )
    return pilot


def may_edit_playbooks(*, user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_administrator or user.is_program_lead))


def playbooks_for_user(*, user: Any, edit: bool = False) -> None:
    """The default playbooks: leads, champions and administrators read them; leads and administrators edit.

    Anyone else gets a 404.
    """
    from workshift.accounts.models import Role

    if not user.is_authenticated or not (
        user.is_administrator or user.role in (Role.PROGRAM_LEAD, Role.CHAMPION)
    ):
        raise Http404("No such page.")
    if edit and not may_edit_playbooks(user=user):
        raise PermissionDenied("Only program leads and administrators edit the default playbooks.")
