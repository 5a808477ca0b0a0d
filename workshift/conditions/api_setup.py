"""Setting up the conditions over the API: capacity, coaches, workgroups from a team,
expectations and communities (the call for volunteers: `api_volunteers`).

Each route checks access with the page's helper and validates with the page's form,
then calls the same service, so a script or an HR system can do what the pages do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Schema, Status

from workshift.api.errors import ApiError, require_valid
from workshift.api.forms import form_data
from workshift.conditions import forms as f
from workshift.conditions import selectors, services
from workshift.conditions.access import (
    checklist_for_user,
    conditions_pilot_for_user,
    pilot_record_for_user,
)
from workshift.conditions.api import router
from workshift.conditions.models import (
    CapacityParticipant,
    CapacityTask,
    Expectations,
)


def _saved(form: Any, *, save: Any) -> Any:
    """Save a versioned form through the app's service; 409 if someone saved in between."""
    saved = form.save_or_conflict(save=save)
    if saved is None:
        errors = form.non_field_errors()
        raise ApiError(
            status=409, code="conflict", message=str(errors[0]) if errors else "Edit conflict."
        )
    return saved


# ------------------------------------------------------------------ capacity


class ParticipantIn(Schema):
    person_id: int


class ParticipantAddedOut(Schema):
    id: int
    person_id: int
    exception_reason: str


class TaskIn(Schema):
    participant_id: int
    name: str
    share: int
    method: Literal["simplify", "build", "borrow", "buy", "relax"]
    receiver_id: int | None = None
    note: str = ""


class TaskOut(Schema):
    id: int
    participant_id: int
    name: str
    share: int
    method: str
    receiver_id: int | None
    note: str


class ReceiverIn(Schema):
    baseline_load: int


class ReceiverSetOut(Schema):
    person_id: int
    baseline_load: int


class ExceptionIn(Schema):
    reason: str = ""


@router.post("/pilots/{pilot_id}/capacity/participants", response={201: ParticipantAddedOut})
def add_participant(request: HttpRequest, pilot_id: int, payload: ParticipantIn) -> Any:
    """Someone of the entry point who will join a workgroup: their time is to be freed."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    taken = selectors.pilot_participant_ids(pilot=pilot)
    form = f.ParticipantForm(
        form_data(payload), people=selectors.entry_people(pilot=pilot).exclude(pk__in=taken)
    )
    require_valid(form, payload=payload)
    person = form.cleaned_data["person"]
    return Status(201, services.capacity_participant_add(pilot=pilot, person=person))


@router.post("/pilots/{pilot_id}/capacity/tasks", response={201: TaskOut})
def add_task(request: HttpRequest, pilot_id: int, payload: TaskIn) -> Any:
    """A task that frees a participant's time: simplified, built, borrowed, bought or relaxed."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    form = f.CapacityTaskForm(
        form_data(payload),
        pilot=pilot,
        people=selectors.active_people(),
        participant_ids=selectors.pilot_participant_ids(pilot=pilot),
    )
    require_valid(form, payload=payload)
    return Status(201, services.capacity_task_add(**form.cleaned_data))


@router.put("/pilots/{pilot_id}/capacity/receivers/{person_id}", response=ReceiverSetOut)
def set_receiver_load(
    request: HttpRequest, pilot_id: int, person_id: int, payload: ReceiverIn
) -> Any:
    """How loaded a colleague who takes tasks over was before the pilot (100 = full)."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    taken = selectors.pilot_participant_ids(pilot=pilot)
    form = f.ReceiverForm(
        {"person": person_id, "baseline_load": payload.baseline_load},
        people=selectors.entry_people(pilot=pilot).exclude(pk__in=taken),
    )
    require_valid(form, payload=payload)
    return services.capacity_receiver_set(pilot=pilot, **form.cleaned_data)


@router.post(
    "/pilots/{pilot_id}/capacity/participants/{participant_id}/exception",
    response=ParticipantAddedOut,
)
def record_exception(
    request: HttpRequest, pilot_id: int, participant_id: int, payload: ExceptionIn
) -> Any:
    """Let a participant start below 75% freed, with the reason everyone sees (empty: remove it)."""
    _pilot, participant = pilot_record_for_user(
        user=request.user, model=CapacityParticipant, pilot_pk=pilot_id, pk=participant_id
    )
    form = f.ExceptionForm(payload.dict())
    require_valid(form, payload=payload)
    return services.capacity_exception_record(
        participant=participant, reason=form.cleaned_data["reason"], user=request.user
    )


@router.delete("/pilots/{pilot_id}/capacity/tasks/{task_id}", response={204: None})
def delete_task(request: HttpRequest, pilot_id: int, task_id: int) -> Any:
    _pilot, task = pilot_record_for_user(
        user=request.user, model=CapacityTask, pilot_pk=pilot_id, pk=task_id
    )
    services.capacity_task_remove(task=task)
    return Status(204, None)


# ------------------------------------------------------------------ coaches


class ChecklistIn(Schema):
    expectations: str = ""
    expectations_date: dt.date | None = None
    performance: str = ""
    performance_date: dt.date | None = None
    development: str = ""
    development_date: dt.date | None = None
    focus: str = ""
    focus_date: dt.date | None = None
    support: str = ""
    support_date: dt.date | None = None
    edit_version: int | None = None


class ChecklistOut(ChecklistIn):
    coach_id: int
    version: int


class LogIn(Schema):
    date: dt.date
    workgroup_id: int | None = None
    note: str


class LogOut(Schema):
    id: int
    coach_id: int
    date: dt.date
    workgroup_id: int | None
    note: str


@router.put("/pilots/{pilot_id}/coaches/{coach_id}/checklist", response=ChecklistOut)
def save_checklist(request: HttpRequest, pilot_id: int, coach_id: int, payload: ChecklistIn) -> Any:
    """The five parts of a supervisor's shift to coach (the coach or the pilot's leads)."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id)
    checklist = checklist_for_user(user=request.user, pilot=pilot, coach_id=coach_id)
    form = f.ChecklistForm(form_data(payload), instance=checklist)
    require_valid(form, payload=payload)
    saved = _saved(form, save=services.coach_checklist_save)
    return {
        **{k: getattr(saved, k) for k in ChecklistIn.model_fields if k != "edit_version"},
        "coach_id": saved.coach_id,
        "version": saved.version,
    }


@router.post("/pilots/{pilot_id}/coaches/{coach_id}/log", response={201: LogOut})
def add_log_entry(request: HttpRequest, pilot_id: int, coach_id: int, payload: LogIn) -> Any:
    """A dated note in the coach's log, about one of their workgroups or none."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id)
    checklist = checklist_for_user(user=request.user, pilot=pilot, coach_id=coach_id)
    form = f.CoachingLogForm(
        form_data(payload),
        workgroups=selectors.workgroups_coached_by(pilot=pilot, coach_id=coach_id),
    )
    require_valid(form, payload=payload)
    entry = services.coaching_log_add(
        pilot=pilot,
        coach=checklist.coach,
        date=form.cleaned_data["date"],
        note=form.cleaned_data["note"],
        workgroup=form.cleaned_data["workgroup"],
    )
    return Status(201, entry)


# ------------------------------------------------------------------ workgroups, expectations, communities


class TeamIn(Schema):
    unit_id: int
    name: str = ""


class TeamWorkgroupOut(Schema):
    id: int
    pilot_id: int
    name: str
    member_ids: list[int]


class ExpectationsIn(Schema):
    workgroup_id: int | None = None
    new_expectations: str
    may: list[str] = []
    may_not: list[str] = []
    initial_problem: str = ""
    no_penalty: str = ""
    incentive_conflicts: str = ""
    edit_version: int | None = None


class ExpectationsOut(Schema):
    id: int
    pilot_id: int
    workgroup_id: int | None
    new_expectations: str
    may: list[str]
    may_not: list[str]
    initial_problem: str
    no_penalty: str
    incentive_conflicts: str
    version: int


class CommunityIn(Schema):
    name: str
    topic: str = ""
    member_ids: list[int] = []


class CommunityOut(Schema):
    id: int
    pilot_id: int
    name: str
    topic: str
    member_ids: list[int]


@router.post("/pilots/{pilot_id}/workgroups", response={201: TeamWorkgroupOut})
def workgroup_from_team(request: HttpRequest, pilot_id: int, payload: TeamIn) -> Any:
    """Repurpose an existing team of the entry point as a workgroup."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    form = f.TeamForm(form_data(payload), units=selectors.entry_units(pilot=pilot))
    require_valid(form, payload=payload)
    group = services.workgroup_from_team(pilot=pilot, **form.cleaned_data)
    members = list(selectors.workgroup_people(workgroup=group).values_list("pk", flat=True))
    return Status(
        201, {"id": group.pk, "pilot_id": pilot.pk, "name": group.name, "member_ids": members}
    )


@router.put("/pilots/{pilot_id}/expectations", response=ExpectationsOut)
def save_expectations(request: HttpRequest, pilot_id: int, payload: ExpectationsIn) -> Any:
    """New expectations and guardrails, for the whole pilot or one workgroup (`workgroup_id`)."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    group = None
    if payload.workgroup_id is not None:
        group = selectors.workgroups_of(pilot=pilot).filter(pk=payload.workgroup_id).first()
        if group is None:
            raise Http404("No such workgroup in this pilot.")
    instance = selectors.expectations_of(pilot=pilot, workgroup=group) or Expectations(
        pilot=pilot, workgroup=group
    )
    data = form_data(payload)
    data.pop("workgroup", None)
    data["may"], data["may_not"] = "\n".join(payload.may), "\n".join(payload.may_not)
    form = f.ExpectationsForm(data, instance=instance)
    require_valid(form, payload=payload)
    return _saved(form, save=services.expectations_save)


@router.post("/pilots/{pilot_id}/communities", response={201: CommunityOut})
def create_community(request: HttpRequest, pilot_id: int, payload: CommunityIn) -> Any:
    """A community of practice across workgroups, with members from the pilot's participants."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    data = {"name": payload.name, "topic": payload.topic, "members": payload.member_ids}
    form = f.CommunityForm(data, people=selectors.participants(pilot=pilot))
    require_valid(form, payload=payload)
    community = services.community_create(
        pilot=pilot,
        name=form.cleaned_data["name"],
        topic=form.cleaned_data["topic"],
        members=form.cleaned_data["members"],
    )
    members = list(community.members.values_list("pk", flat=True))
    return Status(
        201,
        {
            **{k: getattr(community, k) for k in ("id", "pilot_id", "name", "topic")},
            "member_ids": members,
        },
    )
