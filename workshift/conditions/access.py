"""Who may see and act in a workgroup."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from workshift.conditions.models import Application, CapacityParticipant, CapacityTask, Workgroup
from workshift.pilots.access import pilot_role
from workshift.pilots.models import PilotMember, PilotRole

ACROSS_ROLES = ("administrator", PilotRole.LEAD, PilotRole.CHAMPION)


def workgroups_visible_to(*, user: Any) -> QuerySet[Workgroup]:
    """The workgroups a user may open, on every page and endpoint.

    Administrators: all. Program leads, champions and managers above the pilot: every
    workgroup of their pilots (managers read only). Coaches and members: their own.
    """
    if not user.is_authenticated:
        return Workgroup.objects.none()
    if user.is_administrator:
        return Workgroup.objects.all()
    across = PilotMember.objects.filter(
        user=user, role__in=[PilotRole.LEAD, PilotRole.CHAMPION, PilotRole.MANAGER]
    ).values("pilot_id")
    own = Q(pk__in=[])
    if user.person_id:
        own = Q(coach_id=user.person_id) | Q(memberships__person_id=user.person_id)
    return Workgroup.objects.filter(pk__in=Workgroup.objects.filter(Q(pilot_id__in=across) | own))


def _member_person_ids(workgroup: Workgroup) -> set[int]:
    cached = getattr(workgroup, "_member_person_ids", None)
    if cached is None:
        cached = set(workgroup.memberships.values_list("person_id", flat=True))
        workgroup._member_person_ids = cached
    return cached


def workgroup_role(*, user: Any, workgroup: Workgroup) -> str | None:
    """The user's part in this workgroup: administrator, lead, champion, coach, member, manager, or None."""
    role = pilot_role(user=user, pilot=workgroup.pilot)
    if role in ACROSS_ROLES:
        return str(role)
    person_id = getattr(user, "person_id", None)
    if person_id and workgroup.coach_id == person_id:
        return "coach"
    if person_id and person_id in _member_person_ids(workgroup):
        return "member"
    if role == PilotRole.MANAGER:
        return "manager"
    return None


def workgroup_for_user(
    *, user: Any, pk: int, act: bool = False, lead_only: bool = False
) -> Workgroup:
    """The workgroup if the user may open it (404 otherwise): the one rule for workgroups.

    `act`: 403 for read-only viewers (managers). `lead_only`: 403 unless program lead,
    champion or administrator. Sets `viewer_role`, `can_act`, `can_lead` and `can_coach`.
    """
    # `workgroup_role` is `workgroups_visible_to` decided on one row: no role, no workgroup
    workgroup = Workgroup.objects.filter(pk=pk).select_related("pilot", "coach").first()
    role = workgroup_role(user=user, workgroup=workgroup) if workgroup else None
    if workgroup is None or role is None:
        raise Http404("No such workgroup.")
    if act and role == "manager":
        raise PermissionDenied("Managers can read a workgroup but not change it.")
    if lead_only and role not in ACROSS_ROLES:
        raise PermissionDenied("Only the pilot's program lead and champion can do this.")
    workgroup.viewer_role = role
    workgroup.can_act = role != "manager"
    workgroup.can_lead = role in ACROSS_ROLES
    workgroup.can_coach = role in (*ACROSS_ROLES, "coach")
    return workgroup


def conditions_pilot_for_user(*, user: Any, pk: int, edit: bool = False) -> Any:
    """The pilot for a Create-phase page (404 for non-participants, 403 for edits by non lead/champion)."""
    from workshift.pilots.access import pilot_for_user

    return pilot_for_user(user=user, pk=pk, edit=edit)


def can_edit_conditions(*, user: Any, pilot: Any) -> bool:
    return pilot_role(user=user, pilot=pilot) in (
        "administrator",
        PilotRole.LEAD,
        PilotRole.CHAMPION,
    )


def checklist_for_user(*, user: Any, pilot: Any, coach_id: int, edit: bool = False) -> Any:
    """A coach's checklist: leads see and edit all; a coach sees and edits their own; others 404."""
    from workshift.conditions.models import CoachChecklist
    from workshift.people.models import Person

    own = user.is_authenticated and user.person_id == coach_id
    if not (own or can_edit_conditions(user=user, pilot=pilot)):
        raise Http404("No such coach.")
    coach = Person.objects.filter(pk=coach_id).first()
    if coach is None or not (
        Workgroup.objects.filter(pilot=pilot, coach=coach).exists()
        or CoachChecklist.objects.filter(pilot=pilot, coach=coach).exists()
    ):
        raise Http404("No such coach.")
    checklist, _ = CoachChecklist.objects.get_or_create(pilot=pilot, coach=coach)
    return checklist


def formation_run_for_user(*, user: Any, pilot: Any, run_id: int) -> Any:
    from workshift.conditions.models import FormationRun

    run = FormationRun.objects.filter(pilot=pilot, pk=run_id).select_related("pilot").first()
    if run is None:
        raise Http404("No such formation run.")
    return run


def expectations_for_user(*, user: Any, pilot: Any, pk: int) -> Any:
    """Expectations the user may read: leads all of the pilot's; others the pilot's and their workgroups'."""
    from workshift.conditions.models import Expectations

    qs = Expectations.objects.filter(pilot=pilot)
    if not can_edit_conditions(user=user, pilot=pilot):
        visible = workgroups_visible_to(user=user).filter(pilot=pilot).values("pk")
        qs = qs.filter(Q(workgroup__isnull=True) | Q(workgroup__in=visible))
    found = qs.filter(pk=pk).select_related("workgroup").first()
    if found is None:
        raise Http404("No such expectations.")
    return found


# How each kind of pilot record reaches its pilot.
PILOT_PATHS: dict[type, str] = {
    Application: "call__pilot",
    CapacityParticipant: "pilot",
    CapacityTask: "participant__pilot",
}


def pilot_record_for_user(
    *, user: Any, model: Any, pilot_pk: int, pk: int, pilot_path: str | None = None
) -> tuple[Any, Any]:
    """A record of a pilot the user may change (lead, champion, administrator): (pilot, record) or 404/403.

    `pilot_path` defaults to the model's path in PILOT_PATHS.
    """
    pilot = conditions_pilot_for_user(user=user, pk=pilot_pk, edit=True)
    path = pilot_path or PILOT_PATHS[model]
    record = model.objects.filter(**{path: pilot}, pk=pk).first()
    if record is None:
        raise Http404(f"No such {model._meta.verbose_name}.")
    return pilot, record


def acknowledgeable_for_user(*, user: Any, pilot: Any, pk: int) -> tuple[Any, Any]:
    """Expectations the user acknowledges as a participant, with their person (404 otherwise)."""
    from workshift.conditions.selectors import expectations_for_person

    expectations = expectations_for_user(user=user, pilot=pilot, pk=pk)
    person = getattr(user, "person", None)
    if person is None or expectations not in expectations_for_person(pilot=pilot, person=person):
        raise Http404("Nothing to acknowledge.")
    return expectations, person
